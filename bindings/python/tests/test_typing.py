"""Type checkers see the API as the package shapes it: `mypy --strict` accepts every Python
example of the README, and the shipped stubs are the ones the adapted classes give today."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

import anytype
from anytype import _stubs

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
PACKAGE = pathlib.Path(anytype.__file__).parent

#: The free names the README's snippets use, with the types they have there.
CONTEXT = {
    "client": "anytype.AnytypeClient",
    "space_id": "str",
    "url": "str",
    "folder": "str",
}


def mypy() -> list[str]:
    try:
        import mypy  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "mypy>=1.10"], check=True)
    return [sys.executable, "-m", "mypy"]


def readme_module() -> str:
    """Every ```python block of the README, each the body of a function whose parameters are
    the free names it uses (`client`, `space_id`, ...) unless the block assigns them itself."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert len(blocks) >= 6, "the README's Python examples moved"
    out = ["import anytype", ""]
    for number, block in enumerate(blocks):
        code = textwrap.dedent(block)
        assigned = set(re.findall(r"^\s*(\w+)\s*=", code, re.M))
        parameters = ", ".join(
            f"{name}: {kind}" for name, kind in CONTEXT.items()
            if name not in assigned and re.search(rf"\b{name}\b", code)
        )
        out.append(f"async def readme_example_{number}({parameters}) -> None:")
        out.append(textwrap.indent(code, "    "))
    return "\n".join(out)


def test_the_shipped_stubs_are_current():
    assert (PACKAGE / "py.typed").exists()
    assert (PACKAGE / "_ffi" / "anytype_ffi.pyi").read_text() == _stubs.ffi_stub(), (
        "the installed stub differs from what the adapters give: rebuild the package"
    )
    assert (PACKAGE / "blocking.pyi").read_text() == _stubs.blocking_stub()


def test_the_stubs_say_what_the_adapters_add():
    stub = _stubs.ffi_stub()
    assert "def iter_all(self, page_size: int = ..., filter: typing.Optional[Filter] = ...) -> AsyncIterator[Space]: ..." in stub
    assert "def iter_all(self, page_size: int = ..., filter: typing.Optional[Filter] = ...) -> Iterator[Space]: ..." in stub
    assert "def __anext__(self) -> SpacePage: ..." in stub
    assert "    class NotFound(AnytypeError):" in stub
    assert "    SPACE: typing.ClassVar[_SpaceKind_SPACE]" in stub
    assert "Duration = typing.Union[datetime.timedelta, int, float]" in stub
    assert "from ._ffi.anytype_ffi import BlockingSpaces as Spaces" in _stubs.blocking_stub()


def test_the_stubs_pass_mypy_strict(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "anytype", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    stubs = ["anytype/_ffi/anytype_ffi.pyi", "anytype/blocking.pyi"]
    result = subprocess.run(
        mypy() + ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), *stubs],
        capture_output=True, text=True, cwd=tmp_path,
    )
    in_stubs = [line for line in result.stdout.splitlines() if ".pyi:" in line]
    assert not in_stubs, "\n".join(in_stubs)
    assert "errors prevented further checking" not in result.stdout, result.stdout


def test_mypy_strict_accepts_the_readme(tmp_path):
    source = tmp_path / "readme_examples.py"
    source.write_text(readme_module())
    result = subprocess.run(
        mypy() + ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(source)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_still_rejects_mistakes(tmp_path):
    """The check above can fail: the same run refuses a misspelt iterator, a missing await and a
    wrong argument type."""
    source = tmp_path / "wrong.py"
    source.write_text(textwrap.dedent('''
        import anytype
        from anytype import blocking

        async def wrong(client: anytype.AnytypeClient) -> None:
            async for space in client.spaces().iter_every():
                print(space.name)
            print(client.spaces().list(0, 10).data)
            await client.spaces().get(123)
            blocking.AnytypeClient("key").spaces().list(0, 10).data.append(1)
    '''))
    result = subprocess.run(
        mypy() + ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(source)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1
    for expected in ('has no attribute "iter_every"', 'has no attribute "data"',
                     'incompatible type "int"; expected "str"', '"append" of "list" has incompatible type'):
        assert expected in result.stdout, (expected, result.stdout)
