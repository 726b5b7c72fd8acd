"""Keeping the loaded caseload out of the garbage collector's passes.

A loaded caseload is a few hundred thousand objects (about 100 per survivor) that
live until the next load. Loading pauses the collector
(``caseload.queries.collector_paused``), so they all sit in its youngest generation
when it resumes, and its next passes walk every one of them while holding the GIL:
at 2,000 survivors three passes of 0.08, 0.18 and 0.2 s, and a full pass of 0.2 to
0.3 s again each time the interface's own objects grow by a quarter, the interface
frozen meanwhile. :func:`freeze_loaded` moves them (and every other object alive at
that moment) to the collector's permanent generation, which its passes skip.

The records hold no reference cycles, so a replaced caseload is still freed by
reference counting the moment the app drops it (tests/test_app_collector.py checks
this). The cost: an object alive at the moment of freezing that later becomes part
of unreachable cycles (a screen closed afterwards, say) is not collected until
:func:`release_frozen`, which the app calls once the vault is locked and the
caseload freed, and when it closes. That is a few screens' worth per full load
(unlocking, adding a survivor, an import), never a caseload.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Move every object alive now out of the collector's sight (call right after a load)."""
    gc.freeze()


def release_frozen(collect: bool = True) -> None:
    """Hand every frozen object back to the collector, and collect now unless told not to.

    Call it when no caseload is loaded: the pass then walks only the interface's own
    objects (a few hundred thousand at most, about 0.05 s).
    """
    gc.unfreeze()
    if collect:
        gc.collect()
