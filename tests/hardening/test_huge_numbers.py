"""Issue 18, findings 8, 9, 12 and 13: numbers beyond what a float or a sane limit holds.

A value of 310 digits was a 500 on the web and a traceback on the CLI; an integer of more than
4,300 digits a traceback in every YAML reader; a COINr value of ``1e400`` silently became a
missing value; ``replicates: 10000000`` a MemoryError; a NaN threshold a traceback."""

from __future__ import annotations

import pytest

from stadtpuls.errors import InputRejected
from stadtpuls.io import coinr, observations

HUGE = "1" * 310
ENORMOUS = "9" * 5000


@pytest.mark.parametrize("value", [HUGE, ENORMOUS, "-" + HUGE, "1e400"])
@pytest.mark.parametrize("layout", ["long", "wide"])
def test_an_observation_beyond_a_float_is_a_problem_of_its_row(
    tmp_path, tiny_framework, value, layout
):
    path = tmp_path / "riesig.csv"
    if layout == "long":
        path.write_text(
            f"ags;year;indicator;value\n01060063;2022;a2;50\n01060064;2022;a2;{value}\n"
        )
    else:
        path.write_text(f"ags;year;a2\n01060063;2022;50\n01060064;2022;{value}\n")
    with pytest.raises(InputRejected) as caught:
        observations.read_observations(path, tiny_framework, resolve_cities=lambda c: list(c))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "value")]


@pytest.mark.parametrize("value", ["1e400", "-1e400", HUGE])
def test_a_coinr_value_beyond_a_float_is_refused_like_inf(tmp_path, value):
    meta, data = coinr.asem_example_files()
    framework = coinr.read_imeta(meta)
    lines = data.read_text(encoding="utf-8").splitlines()
    header = [h.strip('"') for h in lines[0].split(",")]
    column = header.index(framework.leaves[0])
    cells = lines[3].split(",")
    cells[column] = value
    lines[3] = ",".join(cells)
    path = tmp_path / "iData.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        coinr.read_idata(path, framework)
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, framework.leaves[0])]


GIANT = "7" * 5000


def test_a_giant_integer_is_refused_with_its_line_by_every_yaml_reader(tmp_path):
    from stadtpuls.io.frameworks import parse_framework
    from stadtpuls.io.pipelines import parse_pipeline
    from stadtpuls.io.programme import parse_programme_yaml

    for read in (parse_framework, parse_pipeline, parse_programme_yaml):
        with pytest.raises(InputRejected) as caught:
            read(f"code: x\nsteps:\n  - step: screen\n    threshold: {GIANT}\n", "f.yaml")
        assert [(p.row, p.reason) for p in caught.value.problems] == [
            (4, "eine Zahl mit mehr als 100 Stellen")
        ]


def test_a_giant_integer_in_openproject_json_is_refused(tmp_path, store):
    import datetime as dt

    from stadtpuls.core.programme.model import Programme
    from stadtpuls.io.programme import read_openproject

    path = tmp_path / "op.json"
    path.write_text('{"_type": "Collection", "total": ' + GIANT + "}", encoding="utf-8")
    with pytest.raises(InputRejected, match="mehr als 100 Stellen"):
        read_openproject(path, Programme(key="p", name="P"), dt.date(2023, 1, 1))


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("replicates: 10000000", "replicates"),
        (f"seed: {'9' * 50}", "seed"),
        ("bootstrap: 100001", "bootstrap"),
    ],
)
def test_analysis_files_bound_their_sizes(tmp_path, line, field):
    from stadtpuls.io.analysis_specs import load_spec

    path = tmp_path / "analyse.yaml"
    path.write_text(
        f"{line}\nfactors:\n  - {{name: w, weights_level: 1, noise: 0.2}}\n", encoding="utf-8"
    )
    with pytest.raises(InputRejected) as caught:
        load_spec(path)
    assert [p.field for p in caught.value.problems] == [field]


@pytest.mark.parametrize("bounds", ["[0, .nan]", "[0, 1.0e+300]", "[5, 1]", f"[0, {'9' * 60}]"])
def test_analysis_ranges_must_be_finite_and_ordered(tmp_path, bounds):
    from stadtpuls.io.analysis_specs import load_spec

    path = tmp_path / "analyse.yaml"
    path.write_text(
        "factors:\n  - {name: g, step: treat, param: max_points, range: " + bounds + "}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputRejected) as caught:
        load_spec(path)
    assert [p.field for p in caught.value.problems] == ["factors[1]"]


@pytest.mark.parametrize(
    "step",
    [
        "{step: screen, threshold: .nan}",
        "{step: normalise, method: minmax, lower: 0, upper: .inf}",
        "{step: treat, max_points: 99999999999999999999999}",
    ],
)
def test_pipeline_parameters_must_be_finite_and_moderate(step):
    from stadtpuls.io.pipelines import parse_pipeline

    with pytest.raises(InputRejected, match="ungültigen Wert"):
        parse_pipeline(f"steps:\n- {step}\n- {{step: aggregate, method: arithmetic}}\n")


@pytest.mark.parametrize("value", ["1e400", HUGE, "inf"])
def test_a_published_score_beyond_a_float_is_refused(tmp_path, value):
    from stadtpuls.io.published import read_published

    path = tmp_path / "bitkom.csv"
    path.write_text(f"ags;gesamt\n01060063;55,5\n01002000;{value}\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        read_published(path, "bitkom_sci", 2022, resolve_cities=lambda c: list(c))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "gesamt")]
