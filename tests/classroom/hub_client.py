"""A trainee's or instructor's browser, reduced to HTTP: log in through the hub's login form, take
a token, start the user's server and use its REST APIs (contents, nbgrader's assignment list) and
its terminals, as the lab's terminal panel does (a websocket)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import quote

import requests
import websocket


@dataclass
class HubUser:
    """One account's session with the hub, and the log of every request it made."""

    base_url: str
    name: str
    session: requests.Session = field(default_factory=requests.Session)
    token: str = ""
    transcript: list[str] = field(default_factory=list)

    def _record(self, response: requests.Response) -> requests.Response:
        path = response.request.path_url
        self.transcript.append(f"{self.name}: {response.request.method} {path} -> {response.status_code}")
        return response

    def login(self, password: str) -> requests.Response:
        """The hub's login form, as a browser fills it in (with its _xsrf cookie and field)."""
        self._record(self.session.get(f"{self.base_url}/hub/login", timeout=30))
        xsrf = self.session.cookies.get("_xsrf", "")
        response = self.session.post(f"{self.base_url}/hub/login?next=", data={
            "username": self.name, "password": password, "_xsrf": xsrf}, allow_redirects=False, timeout=60)
        return self._record(response)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self._record(self.session.get(self.base_url + path, timeout=60, **kwargs))

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """A hub or server API call with the user's token."""
        headers = {"Authorization": f"token {self.token}"} if self.token else {}
        response = self.session.request(method, self.base_url + path, headers=headers, timeout=120, **kwargs)
        return self._record(response)

    def take_token(self) -> None:
        """A token for the user's own API calls, requested with the login cookie (as the hub's token page does)."""
        xsrf = self.session.cookies.get("_xsrf", "")
        response = self._record(self.session.post(
            f"{self.base_url}/hub/api/users/{quote(self.name)}/tokens", json={"note": "classroom test"},
            headers={"X-XSRFToken": xsrf}, timeout=30))
        response.raise_for_status()
        self.token = response.json()["token"]

    def start_server(self, timeout: float = 90) -> None:
        """Start the user's server and wait until the hub says it is ready."""
        response = self.api("POST", f"/hub/api/users/{quote(self.name)}/server")
        assert response.status_code in (201, 202, 400), response.text
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.session.get(f"{self.base_url}/hub/api/users/{quote(self.name)}",
                                     headers={"Authorization": f"token {self.token}"}, timeout=30).json()
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                self.transcript.append(f"{self.name}: server ready at {server.get('url')}")
                return
            time.sleep(0.5)
        raise AssertionError(f"{self.name}'s server did not start within {timeout} s")

    def server(self, method: str, path: str, **kwargs) -> requests.Response:
        """A call to the user's own Jupyter server, through the proxy."""
        return self.api(method, f"/user/{quote(self.name)}{path}", **kwargs)

    def read_json(self, path: str) -> dict:
        response = self.server("GET", f"/api/contents/{path}", params={"content": 1})
        response.raise_for_status()
        return response.json()["content"]

    def write_notebook(self, path: str, notebook: dict) -> None:
        response = self.server("PUT", f"/api/contents/{path}", data=json.dumps(
            {"type": "notebook", "format": "json", "content": notebook}))
        response.raise_for_status()

    def nbgrader(self, action: str, course: str, assignment: str) -> dict:
        """One of the Assignment List's actions (fetch, submit, fetch_feedback) through its server API."""
        form = {"course_id": course, "assignment_id": assignment}
        response = self.server("POST", f"/assignments/{action}", data=form)
        response.raise_for_status()
        return response.json()

    def upload(self, path: str, text: str) -> None:
        """Save a text file into the user's folder, as the lab's upload does."""
        response = self.server("PUT", f"/api/contents/{path}", data=json.dumps(
            {"type": "file", "format": "text", "content": text}))
        response.raise_for_status()

    def terminal(self, command: str, timeout: float = 120) -> tuple[int, str]:
        """Type a command into a new terminal of the user's server; its exit status and what it printed."""
        created = self.server("POST", "/api/terminals")
        created.raise_for_status()
        name = created.json()["name"]
        url = self.base_url.replace("http", "ws", 1) + f"/user/{quote(self.name)}/terminals/websocket/{name}"
        socket = websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=timeout)
        output, deadline = "", time.monotonic() + timeout
        try:
            socket.send(json.dumps(["stdin", f"{command}; echo __exit__$?__\r"]))
            while (done := re.search(r"__exit__(\d+)__", output)) is None:
                if time.monotonic() > deadline:
                    raise AssertionError(f"{self.name}'s terminal did not finish {command!r}:\n{output[-2000:]}")
                message = json.loads(socket.recv())
                if message[0] == "stdout":
                    output += message[1]
        finally:
            socket.close()
            self.server("DELETE", f"/api/terminals/{name}")
        self.transcript.append(f"{self.name}$ {command} -> exit {done.group(1)}")
        return int(done.group(1)), output[:done.start()]
