"""The extractor registry: register / get / resolve_order / load_code / entry points (no model)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

import graph
from graph.errors import ExtractorConfigError, ExtractorError, ExtractorNotFoundError
from graph.extractors import _registry
from graph.extractors import available as public_available


@pytest.fixture(autouse=True)
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, _registry.ExtractorSpec]:
    """Each test sees a copy of the registry (built-ins included) and no loaded entry points."""
    copy = dict(_registry._REGISTRY)
    monkeypatch.setattr(_registry, "_REGISTRY", copy)
    monkeypatch.setattr(_registry, "_entry_points_loaded", False)
    return copy


@pytest.fixture
def no_entry_points(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Record every entry-point lookup (and find none)."""
    calls: list[str | None] = []

    def fake_entry_points(*, group: str | None = None) -> list[object]:
        calls.append(group)
        return []

    monkeypatch.setattr(_registry, "entry_points", fake_entry_points)
    return calls


def _factory(name: str):  # type: ignore[no-untyped-def]
    def make():  # type: ignore[no-untyped-def]
        def extract(doc, so_far):  # type: ignore[no-untyped-def]
            return so_far

        return extract

    make.__qualname__ = f"test_registry.{name}"
    return make


def _register(name: str, *, requires: tuple[str, ...] = (), produces: tuple[str, ...] | None = None) -> None:
    _registry.register(name, requires=requires, produces=produces or (name,))(_factory(name))


# --------------------------------------------------------------------------- register / get


def test_builtins_are_registered() -> None:
    names = public_available()
    for name in ("entities", "roles", "coref", "attributions"):
        assert name in names
    assert names == sorted(names)


def test_register_and_get_round_trip() -> None:
    factory = _factory("t_alpha")
    returned = _registry.register("t_alpha", requires=("mentions",), produces=("alpha",))(factory)
    assert returned is factory
    spec = _registry.get("t_alpha")
    assert spec.name == "t_alpha"
    assert spec.factory is factory
    assert spec.requires == ("mentions",)
    assert spec.produces == ("alpha",)
    assert "t_alpha" in _registry.available()


def test_unknown_name_error_lists_the_available_ones(no_entry_points: list[str | None]) -> None:
    with pytest.raises(ExtractorNotFoundError) as info:
        _registry.get("no_such_extractor")
    message = str(info.value)
    assert "no_such_extractor" in message
    for name in ("entities", "roles", "coref", "attributions"):
        assert name in message
    assert isinstance(info.value, ExtractorError)


def test_known_name_is_not_an_error() -> None:
    _register("t_known")
    assert _registry.get("t_known").name == "t_known"


def test_duplicate_name_from_another_function_raises() -> None:
    _register("t_dup")

    def other():  # type: ignore[no-untyped-def]
        return lambda doc, so_far: so_far

    with pytest.raises(ExtractorConfigError, match="t_dup"):
        _registry.register("t_dup", produces=("t_dup",))(other)


def test_duplicate_of_a_builtin_raises() -> None:
    def entities():  # type: ignore[no-untyped-def]
        return lambda doc, so_far: so_far

    with pytest.raises(ExtractorConfigError, match="entities"):
        _registry.register("entities", produces=("entities", "mentions"))(entities)


def test_same_function_registered_again_is_fine() -> None:
    factory = _factory("t_same")
    _registry.register("t_same", produces=("t_same",))(factory)
    _registry.register("t_same", produces=("t_same",))(factory)
    assert _registry.get("t_same").factory is factory


def test_public_decorator_defaults_produces_to_the_name() -> None:
    @graph.extractor("t_public", requires=("mentions",))
    def make_public():  # type: ignore[no-untyped-def]
        return lambda doc, so_far: so_far

    spec = _registry.get("t_public")
    assert spec.produces == ("t_public",)
    assert spec.requires == ("mentions",)
    assert spec.factory is make_public


# --------------------------------------------------------------------------- resolve_order


def test_resolve_order_puts_producers_before_consumers() -> None:
    _register("t_c", requires=("b_out",), produces=("c_out",))
    _register("t_a", produces=("a_out",))
    _register("t_b", requires=("a_out",), produces=("b_out",))
    names = [s.name for s in _registry.resolve_order(["t_c", "t_b", "t_a"])]
    assert names == ["t_a", "t_b", "t_c"]


def test_resolve_order_of_independent_extractors_is_by_name() -> None:
    _register("t_zeta")
    _register("t_eta")
    assert [s.name for s in _registry.resolve_order(["t_zeta", "t_eta"])] == ["t_eta", "t_zeta"]


def test_resolve_order_of_the_builtins() -> None:
    names = [s.name for s in _registry.resolve_order(["attributions", "coref", "roles", "entities"])]
    assert names.index("entities") < names.index("roles") < names.index("coref") < names.index("attributions")


def test_resolve_order_missing_requirement_names_it() -> None:
    _register("t_needy", requires=("nothing_makes_this",))
    with pytest.raises(ExtractorConfigError, match="nothing_makes_this"):
        _registry.resolve_order(["t_needy"])


def test_resolve_order_requirement_met_only_by_an_unselected_extractor_fails() -> None:
    # coref is registered, but not selected: its requirement on 'roles' is not met.
    with pytest.raises(ExtractorConfigError, match="roles"):
        _registry.resolve_order(["entities", "coref"])


def test_resolve_order_cycle_raises() -> None:
    _register("t_x", requires=("y_out",), produces=("x_out",))
    _register("t_y", requires=("x_out",), produces=("y_out",))
    with pytest.raises(ExtractorConfigError, match="cycle"):
        _registry.resolve_order(["t_x", "t_y"])


def test_resolve_order_unknown_name_raises_not_found(no_entry_points: list[str | None]) -> None:
    with pytest.raises(ExtractorNotFoundError, match="t_ghost"):
        _registry.resolve_order(["entities", "t_ghost"])


def test_missing_requirement_fails_before_the_model_or_any_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph import nlp
    from graph.pipeline import Pipeline

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model must not be loaded before the configuration is checked")

    monkeypatch.setattr(nlp, "load", no_model)
    _register("t_orphan", requires=("never_produced",))
    with pytest.raises(ExtractorConfigError, match="never_produced"):
        Pipeline(extractors=["t_orphan"], entry_points=False)


# --------------------------------------------------------------------------- load_code


def test_load_code_registers_user_extractors(tmp_path: Path) -> None:
    path = tmp_path / "my_sentiment.py"
    path.write_text(
        textwrap.dedent(
            """
            import graph

            @graph.extractor("t_user_sentiment", requires=("mentions",))
            def make_sentiment():
                def extract(doc, so_far):
                    return so_far
                return extract
            """
        ),
        encoding="utf-8",
    )
    _registry.load_code(path)
    spec = _registry.get("t_user_sentiment", entry_points_too=False)
    assert spec.requires == ("mentions",)
    assert spec.produces == ("t_user_sentiment",)
    assert callable(spec.factory())
    # Loading the same file again re-registers the same function: no duplicate error.
    _registry.load_code(str(path))
    assert "t_user_sentiment" in _registry.available()


def test_load_code_order_with_builtins(tmp_path: Path) -> None:
    path = tmp_path / "after_entities.py"
    path.write_text(
        "import graph\n\n"
        "@graph.extractor('t_after_entities', requires=('mentions',))\n"
        "def make():\n"
        "    return lambda doc, so_far: so_far\n",
        encoding="utf-8",
    )
    _registry.load_code(path)
    names = [s.name for s in _registry.resolve_order(["t_after_entities", "entities"])]
    assert names == ["entities", "t_after_entities"]


def test_load_code_of_a_non_python_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not python", encoding="utf-8")
    with pytest.raises(ExtractorConfigError):
        _registry.load_code(path)


def test_load_code_propagates_errors_of_the_user_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"):
        _registry.load_code(path)


def test_load_code_with_a_clashing_name_raises(tmp_path: Path) -> None:
    path = tmp_path / "clash.py"
    path.write_text(
        "import graph\n\n@graph.extractor('entities')\ndef make():\n    return lambda doc, so_far: so_far\n",
        encoding="utf-8",
    )
    with pytest.raises(ExtractorConfigError, match="entities"):
        _registry.load_code(path)


# --------------------------------------------------------------------------- entry points


def test_entry_points_are_not_loaded_for_known_names(no_entry_points: list[str | None]) -> None:
    _registry.get("entities")
    _registry.resolve_order(["entities", "roles"])
    assert no_entry_points == []


def test_entry_points_are_not_loaded_when_not_asked(no_entry_points: list[str | None]) -> None:
    with pytest.raises(ExtractorNotFoundError):
        _registry.get("t_elsewhere", entry_points_too=False)
    with pytest.raises(ExtractorNotFoundError):
        _registry.resolve_order(["t_elsewhere"], entry_points_too=False)
    assert no_entry_points == []


def test_entry_points_are_loaded_once_for_an_unknown_name(no_entry_points: list[str | None]) -> None:
    for _ in range(2):
        with pytest.raises(ExtractorNotFoundError):
            _registry.get("t_elsewhere")
    assert no_entry_points == [_registry.ENTRY_POINT_GROUP]


def test_entry_point_extractor_is_registered_on_demand(monkeypatch: pytest.MonkeyPatch) -> None:
    def make_plugin():  # type: ignore[no-untyped-def]
        return lambda doc, so_far: so_far

    make_plugin.__kg_extractor__ = {"requires": ("mentions",)}  # type: ignore[attr-defined]
    loaded: list[str] = []

    def load() -> object:
        loaded.append("t_plugin")
        return make_plugin

    plugin = SimpleNamespace(name="t_plugin", load=load)
    monkeypatch.setattr(_registry, "entry_points", lambda *, group=None: [plugin] if group else [])
    assert "t_plugin" not in _registry.available()
    spec = _registry.get("t_plugin")
    assert loaded == ["t_plugin"]
    assert spec.factory is make_plugin
    assert spec.requires == ("mentions",)
    assert spec.produces == ("t_plugin",)
    names = [s.name for s in _registry.resolve_order(["t_plugin", "entities"])]
    assert names == ["entities", "t_plugin"]
