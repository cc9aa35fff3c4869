"""Reading COINr iMeta/iData (CSV and XLSX), all-or-nothing with row-exact problems."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stadtpuls.errors import InputRejected, NotFound
from stadtpuls.io.coinr import asem_example, read_idata, read_imeta

IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,x1,Indicator one,1,1,,,pop,P1,Indicator
1,x2,,-1,2,,5,NA,P1,Indicator
2,P1,Pillar,1,1,Score,NA,NA,Idx,Aggregate
3,Idx,Index,1,1,Score,NA,NA,NA,Aggregate
NA,State_group,State,NA,NA,NA,NA,NA,NA,Group
NA,pop,Population,NA,NA,NA,NA,NA,NA,Denominator
"""
IDATA = """uName,uCode,State_group,Time,pop,x1,x2
Alpha,A,N,2022,10,1,NA
Beta,B,S,2022,20,3,4
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_imeta_becomes_a_framework(tmp_path):
    fw = read_imeta(write(tmp_path, "meta.csv", IMETA))
    assert [n.code for n in fw.nodes] == ["Idx", "P1", "x1", "x2"]
    assert fw.leaves == ("x1", "x2")
    assert fw["x2"].direction == -1 and fw["x2"].weight == 2 and fw["x2"].target == 5
    assert fw["x2"].name == "x2"  # no iName: the code
    assert fw["x1"].denominator == "pop" and fw["x2"].denominator is None


def test_idata_becomes_a_dataset(tmp_path):
    fw = read_imeta(write(tmp_path, "meta.csv", IMETA))
    data = read_idata(write(tmp_path, "data.csv", IDATA), fw)
    assert data.units.tolist() == ["A", "B"]
    np.testing.assert_array_equal(data.values, [[1, np.nan], [3, 4]])
    assert data.groups["State_group"].tolist() == ["N", "S"]
    assert data.groups["uName"].tolist() == ["Alpha", "Beta"]
    assert data.denominators["pop"].tolist() == [10, 20]
    assert data.years.tolist() == [2022, 2022]


def test_xlsx_reads_the_same(tmp_path):
    meta = write(tmp_path, "meta.csv", IMETA)
    pd.read_csv(meta).to_excel(tmp_path / "meta.xlsx", index=False)
    data = write(tmp_path, "data.csv", IDATA)
    pd.read_csv(data).to_excel(tmp_path / "data.xlsx", index=False)
    fw = read_imeta(tmp_path / "meta.xlsx")
    assert fw.nodes == read_imeta(meta).nodes
    np.testing.assert_array_equal(
        read_idata(tmp_path / "data.xlsx", fw).values, read_idata(data, fw).values
    )


def test_bad_imeta_reports_every_row(tmp_path):
    bad = (
        IMETA.replace("1,x1,Indicator one,1,1", "1,x1,Indicator one,1,heavy")
        .replace("pop,P1,Indicator", "pop,P1,Indicatr")
        .replace(",-1,2,", ",up,2,")
    )
    with pytest.raises(InputRejected) as caught:
        read_imeta(write(tmp_path, "meta.csv", bad))
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(2, "Weight"), (2, "Type"), (3, "Direction")}
    assert all(p.file.endswith("meta.csv") for p in caught.value.problems)


def test_imeta_tree_problem_names_the_row(tmp_path):
    bad = IMETA.replace("P1,Pillar,1,1,Score,NA,NA,Idx", "P1,Pillar,1,1,Score,NA,NA,Nowhere")
    with pytest.raises(InputRejected) as caught:
        read_imeta(write(tmp_path, "meta.csv", bad))
    assert any(p.row == 4 and "Nowhere" in p.reason for p in caught.value.problems)


def test_bad_idata_reports_every_cell(tmp_path):
    fw = read_imeta(write(tmp_path, "meta.csv", IMETA))
    bad = IDATA.replace("Beta,B,S,2022,20,3,4", "Beta,B,S,2022,20,drei,4\nGamma,A,S,2022,1,1,1")
    with pytest.raises(InputRejected) as caught:
        read_idata(write(tmp_path, "data.csv", bad), fw)
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(3, "x1"), (4, "uCode")}


def test_idata_missing_indicator_column(tmp_path):
    fw = read_imeta(write(tmp_path, "meta.csv", IMETA))
    with pytest.raises(InputRejected) as caught:
        read_idata(write(tmp_path, "data.csv", IDATA.replace(",x2", ",y2")), fw)
    assert [(p.row, p.field) for p in caught.value.problems] == [(1, "x2")]


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(NotFound):
        read_imeta(tmp_path / "none.csv")
    with pytest.raises(InputRejected, match="json"):
        read_imeta(write(tmp_path, "meta.json", IMETA))


def test_shipped_asem_example():
    framework, dataset = asem_example()
    assert len(framework.leaves) == 49 and dataset.values.shape == (51, 49)
    assert framework.root.code == "Index"
    assert framework.areas == ("Conn", "Sust")
    assert sorted(dataset.denominators) == ["Area", "Energy", "GDP", "Population"]
