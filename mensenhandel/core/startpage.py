"""The start page: per role, the blocks a user lands on after logging in.

A block is a title, a template partial (``templates/core/start/<key>.html``) and a context function
``(request) -> dict`` that runs every query the block needs: the partial itself only reads what it
gets, so the page runs no queries while rendering. With nothing to show, a partial shows an honest
empty state.

The platform knows no block's data: the app that owns the data registers its blocks in its
``AppConfig.ready()`` with ``register_block()`` (``signalen/startpage.py``, ``casusoverleg/startpage.py``,
...). Which blocks a role sees, and in which order, is decided here, in ``ROLE_BLOCKS``. The links of a
block are plain ``reverse()`` calls: a renamed URL fails loudly instead of hiding its link.
"""
from collections.abc import Callable
from dataclasses import dataclass

from .rollen import Rol


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    context: Callable

    @property
    def template(self):
        return f"core/start/{self.key}.html"

    @property
    def heading_id(self):
        return f"kop-{self.key.replace('_', '-')}"


# Filled by the apps' ready(): key -> Block.
BLOCKS = {}


def register_block(block):
    """Add a block to the start page (from an app's ``AppConfig.ready()``); a key is registered once."""
    if block.key in BLOCKS and BLOCKS[block.key] != block:
        raise ValueError(f"Start block {block.key!r} is registered twice.")
    BLOCKS[block.key] = block
    return block


ROLE_BLOCKS = {
    Rol.KETENREGISSEUR: ("signalen_beoordelen", "volgend_overleg", "acties_verlopen", "kwartaalrapport", "tafels"),
    Rol.COORDINATOR: ("mijn_signalen", "acties_organisatie", "uitnodigingen_overleg", "tafels"),
    Rol.PARTNER: ("mijn_signalen", "acties_organisatie", "uitnodigingen_overleg", "tafels"),
    Rol.PORTEFEUILLEHOUDER: ("laatste_rapport", "volgend_overleg", "tafels"),
    Rol.BEHEERDER: ("gebruikers", "audit", "tafels"),
}


def blocks_for(request):
    """The blocks of the user's role, each with its data: ``[{"block": Block, "data": dict}, ...]``. A key of
    ``ROLE_BLOCKS`` that no app registered is an error (KeyError), not a block left out."""
    keys = ROLE_BLOCKS.get(getattr(request.user, "rol", None), ())
    return [{"block": BLOCKS[key], "data": BLOCKS[key].context(request)} for key in keys]
