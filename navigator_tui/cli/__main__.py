"""``python -m navigator_tui.cli``: the ``navigator`` command."""

from navigator_tui.cli import main

main()
