"""Keys typed fast reach the widget the user meant: the one focused once the keys
before them have done their work.

Textual hands each key to the widget focused when the app reads it.  A fast typist's
keys are all read before the first has been handled, so after ``Ayla`` Tab
``Testperson`` the second word went into the first field while the focus moved on,
and keys typed while a screen opened went to the screen underneath.

So a key that may move the focus or open a screen (anything but a character typed
into a text field) is handed on, and the keys after it wait until the app has settled:
the focused widget, its containers, the screen and the app have handled what they were
sent, and the focus and the screen have stopped changing.  Characters typed into a
text field are handed on at once (they cannot move the focus), so typing stays as fast
as the terminal; but the key after them waits until they are in the field, because
the app handles some keys itself at once (ctrl+s to save): a word typed and saved in
one burst was read before its last characters had arrived.  No key is dropped: a key
waits at most :data:`SETTLE_LIMIT_S`, then goes on as before.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.app import App

#: The longest a key waits for the keys before it (then it goes on regardless).
SETTLE_LIMIT_S = 1.0
#: Rounds of "has every widget handled what it was sent?" before giving up early.
MAX_ROUNDS = 20


class KeyGate:
    """Holds keys while the app settles after a key that may move the focus."""

    def __init__(self, app: App[object], handle: Callable[[events.Event], Awaitable[None]]):
        self.app = app
        #: The app's own handling of an event (``App.on_event``).
        self.handle = handle
        self.held: deque[events.Event] = deque()
        self.settling = False
        #: Keys sent back to the app that it has not handled yet.
        self.released: set[int] = set()
        self._task: asyncio.Task[None] | None = None
        #: Characters handed on since the app last settled (the next other key waits).
        self.typed = False

    def _moves_focus(self, event: events.Event) -> bool:
        if not isinstance(event, events.Key):
            return False
        focused = self.app.focused
        typing = isinstance(focused, (Input, TextArea)) and event.is_printable
        return not typing

    async def on_event(self, event: events.Event) -> None:
        """Handle a key or a paste from the terminal, in order and where it was meant."""
        if not self.app.screen_stack:
            self.held.clear()  # the app is closing: no screen is there to take keys
            return
        mine = id(event) in self.released
        if mine:
            self.released.discard(id(event))
        elif self.settling or self.held or self.released:
            self.held.append(event)  # after the keys before it
            return
        settle = self._moves_focus(event)
        if settle and self.typed:
            # After the characters typed before it have been handled, then as usual.
            self.typed = False
            self.held.appendleft(event)
            self._start_settling()
            return
        await self.handle(event)
        if settle:
            self._start_settling()
        else:
            self.typed = self.typed or isinstance(event, events.Key)
            self._release_next()

    def _start_settling(self) -> None:
        self.settling = True
        self._task = asyncio.create_task(self._settle())

    def _release_next(self) -> None:
        if self.held and not self.settling:
            event = self.held.popleft()
            self.released.add(id(event))
            self.app.post_message(event)

    def _chain(self) -> list[object]:
        """Where a key's work happens: the focused widget and its ancestors up to the
        screen, and the app (a key bubbles up this chain; focus and screen changes
        are said to these)."""
        focused = self.app.focused
        screen = self.app.screen
        chain = list(focused.ancestors_with_self) if focused is not None else [screen]
        return [*chain, screen, self.app]

    async def _settle(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT_S
        try:
            start = self.app.screen
            before = self._chain()
            for _round in range(MAX_ROUNDS):
                screen, focused = self.app.screen, self.app.focused
                nodes = list(dict.fromkeys([*before, *self._chain()]))
                if not await _all_handled(nodes, deadline - loop.time()):
                    break  # out of time: let the keys go on
                quiet = not any(node._message_queue.qsize() for node in nodes)
                if quiet and self.app.screen is screen and self.app.focused is focused:
                    break
                before = nodes
            if self.app.screen is not start:
                # A new screen: every widget of it mounted before a key can close it (an
                # escape typed right after the key that opened a form closed it while
                # its fields were still being built, which stopped the app).
                screen = self.app.screen
                await _all_handled(
                    [self.app, *screen.walk_children(with_self=True)], deadline - loop.time()
                )
        except Exception:  # noqa: BLE001 - a key is never lost to a failure here
            pass
        finally:
            self.settling = False
            self._release_next()


async def _all_handled(nodes: list[object], timeout: float) -> bool:
    """Whether every node handled the messages it had been sent, within ``timeout``."""
    if timeout <= 0:
        return False
    pending = 0
    done = asyncio.Event()

    def handled() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0:
            done.set()

    for node in nodes:
        if node.call_later(handled):  # type: ignore[attr-defined]
            pending += 1
    if not pending:
        return True
    try:
        await asyncio.wait_for(done.wait(), timeout)
    except TimeoutError:
        return False
    return True
