"""The answer-leak scanner (tests/leaks.py) on small cases: what it must flag and what it must let pass."""

from __future__ import annotations

from leaks import _text_literals, id_leaks, named_answers

LEADER = frozenset({"+992917714544", "+992916736080"})
PAIR = frozenset({"+77028850612", "+77076535082"})


def test_a_given_line_that_names_an_answer_is_flagged():
    given = ('LEADER_OLD = "+992917714544"   # the leader until mid-May\n'
             'LEADER_NEW = "+992916736080"\n')
    assert named_answers(given, [LEADER]) == [LEADER]


def test_a_list_of_candidates_is_not_an_answer():
    given = 'WATCH = ["+992914517390", "+992986630605", "+992917714544", "+992916736080", "+992982826425"]\n'
    assert named_answers(given, [LEADER]) == []
    assert id_leaks(given, [LEADER]) == []


def test_a_selection_that_is_mostly_one_answer_is_flagged():
    assert id_leaks("most often: ['+77028850612', '+77076535082', '+77773987959']", [PAIR]) == [PAIR]


def test_phone_numbers_of_one_country_are_one_kind():
    # Five Kazakh numbers, two of them the answer: a listing, not a selection of the answer.
    shown = "['+77028850612', '+77773987959', '+77076535082', '+77017632673', '+77479652631']"
    assert id_leaks(shown, [PAIR]) == []


def test_digits_of_a_phone_number_in_prose_are_that_identifier():
    found = _text_literals("I assess `+992917714544` as the operational phone; 12.3456 kg were seized.")
    assert found == {"+992917714544", "12.3456"}


def test_a_date_format_is_not_an_answer():
    from leaks import _distinctive_string

    assert not _distinctive_string("%m/%d/%Y") and not _distinctive_string("%Y-%m-%d %H:%M")
    assert _distinctive_string("Panji Poyon")
