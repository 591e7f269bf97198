"""How the desk names a worker so nobody is mistaken for another: six members may all be
known as "Concepción", so every name at the desk carries the last-name initial (from the
full name) and the badge number: "Concepción R. · #15"."""

from __future__ import annotations

from centers.text import fold

#: Little words of a name that are not its own initial ("José de la Cruz" → "C.").
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "das", "do", "dos", "di"})


def surname_initial(full_name: str, known_as: str = "") -> str:
    """The initial of the first family name in ``full_name``, as "R.", or "".

    The family name is the first word after the known-as name when the full name starts
    with it ("María José Ramírez" known as "María José" → "R."), else the first word after
    the given name ("Jesús Ramírez Ortega" known as "Chuy" → "R."), skipping the known-as
    name itself ("María Concepción Ávila" known as "Concepción" → "Á."). One word: none."""
    words = full_name.split()
    if len(words) < 2:
        return ""
    folded = [fold(word) for word in words]
    known = [fold(word) for word in known_as.split()]
    start = len(known) if known and folded[: len(known)] == known else 1
    for word, plain in zip(words[start:], folded[start:], strict=True):
        if plain not in PARTICLES and plain not in known and word[:1].isalpha():
            return word[0].upper() + "."
    return ""


def desk_name(*, known_as: str, full_name: str, badge: int | str) -> str:
    """ "Concepción R. · #15": the known-as name, the last-name initial and the badge."""
    initial = surname_initial(full_name, known_as)
    name = f"{known_as} {initial}" if initial else known_as
    return f"{name} · #{badge}"
