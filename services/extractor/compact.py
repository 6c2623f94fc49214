"""Compact storage of a village table: its rows and name indexes as a few large strings.

A country's village table has tens of thousands of rows; as one ``str`` per row and a ``dict``
entry (key string, int or tuple value) per name key it cost about 200 bytes a row. Here:

- ``Rows``: every row's text in one UTF-8 ``bytes``, with an ``array`` of start offsets;
  ``rows[i]`` decodes row ``i`` (a ``Place`` is made only for rows that are looked up).
- ``KeyIndex``: the keys of a ``dict[str, int | tuple[int, ...]]`` hashed into buckets of about
  ``BUCKET`` keys; bucket ``b`` is the slice ``text[starts[b]:starts[b + 1]]`` of one ``str``,
  written as ``"\\nkey\\tv1,v2..."`` per key. ``get`` finds ``"\\nkey\\t"`` in its key's bucket
  (``str.find``, in C) and returns the same int or tuple the dict held. Keys contain no tab or
  newline. Hashes are Python's, so an index lives in the process that built it.
"""

from __future__ import annotations

from array import array

#: Keys per bucket, on average: a bucket is searched whole, so small; each costs an offset.
BUCKET = 8


class Rows:
    """Rows of text appended in order, kept as one UTF-8 buffer."""

    def __init__(self, rows: list[str]) -> None:
        data = "\n".join(rows).encode("utf-8")
        starts = array("q", [0])
        pos = 0
        for r in rows:
            pos += len(r.encode("utf-8")) + 1
            starts.append(pos)
        self._data, self._starts = data, starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> str:
        return self._data[self._starts[i]: self._starts[i + 1] - 1].decode("utf-8")


class KeyIndex:
    """A read-only ``dict[str, int | tuple[int, ...]]`` in one string (see the module's doc)."""

    def __init__(self, index: dict[str, int | tuple[int, ...]]) -> None:
        n = len(index) // BUCKET + 1
        buckets: list[list[str]] = [[] for _ in range(n)]
        for key, v in index.items():
            vals = str(v) if isinstance(v, int) else ",".join(map(str, v)) + ","
            buckets[hash(key) % n].append(f"\n{key}\t{vals}")
        starts = array("q", [0])
        parts = []
        pos = 0
        for b in buckets:
            s = "".join(b)
            parts.append(s)
            pos += len(s)
            starts.append(pos)
        self._text, self._starts, self._n = "".join(parts), starts, n

    def __len__(self) -> int:
        return self._text.count("\t")

    def get(self, key: str) -> int | tuple[int, ...] | None:
        b = hash(key) % self._n
        start, end = self._starts[b], self._starts[b + 1]
        at = self._text.find(f"\n{key}\t", start, end)
        if at < 0:
            return None
        at += len(key) + 2
        stop = self._text.find("\n", at, end)
        vals = self._text[at: end if stop < 0 else stop]
        if vals[-1] != ",":
            return int(vals)
        return tuple(int(v) for v in vals[:-1].split(","))


class RowChain:
    """The gazetteer's rows: a list of strings (the base tables, which loading may rewrite),
    then ``Rows`` blocks (village tables) appended whole; indexes run on across them."""

    def __init__(self) -> None:
        self.base: list[str] = []
        self._blocks: list[tuple[int, Rows]] = []  # (first index, rows)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def append(self, row: str) -> None:
        if self._blocks:
            raise ValueError("rows are appended one by one only before the first block")
        self.base.append(row)
        self._size += 1

    def extend_block(self, rows: Rows) -> None:
        self._blocks.append((self._size, rows))
        self._size += len(rows)

    def __setitem__(self, i: int, row: str) -> None:
        if not 0 <= i < len(self.base):
            raise IndexError(i)
        self.base[i] = row

    def __getitem__(self, i: int) -> str:
        if i < len(self.base):
            return self.base[i]
        for first, rows in reversed(self._blocks):
            if i >= first:
                return rows[i - first]
        raise IndexError(i)

    def __iter__(self):  # noqa: ANN204
        yield from self.base
        for _, rows in self._blocks:
            yield from (rows[i] for i in range(len(rows)))
