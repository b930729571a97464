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


def test_another_modules_answer_chain_is_flagged_but_one_of_its_reports_alone_is_not():
    import nbformat
    from leaks import other_module_answers, scan_lesson

    def notebook(text):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])

    chain = notebook("The rail reports IR-0082, IR-0095 and IR-0108 are one source.")
    assert other_module_answers(chain, ["01-source-evaluation"])
    assert scan_lesson("11-intelligence-products", chain, ["01-source-evaluation"])
    assert not scan_lesson("11-intelligence-products", chain)
    assert not other_module_answers(notebook("An informant's report, IR-0082, on rail."), ["01-source-evaluation"])


def test_another_modules_numbers_count_only_at_six_digits():
    # 05-gis checks a distance of 166.4155151106636 km; a seizure of 166.42 kg shown elsewhere is data.
    from leaks import OTHER_MIN_DIGITS, find_leaks

    assert find_leaks("166.42 kg", {"166.4155151106636"}) == {"166.4155151106636"}
    assert not find_leaks("166.42 kg", {"166.4155151106636"}, OTHER_MIN_DIGITS)
    assert find_leaks("166.415515 km", {"166.4155151106636"}, OTHER_MIN_DIGITS)


def test_another_modules_values_leave_out_the_solution_codes_words():
    from leaks import answer_literals, answer_values

    # Module 11's solution writes event texts with 'kg of'; its hidden tests check record ids.
    assert "kg of" in answer_literals("11-intelligence-products")
    assert "kg of" not in answer_values("11-intelligence-products")
    assert {"IR-0095", "IR-0108"} <= answer_values("01-source-evaluation")
