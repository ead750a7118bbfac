"""``sinergi link``: output format, exit codes, malformed files, a saved model reused (no database)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from sinergi.core.nik import make_nik

from .linkage_model import saved_model

HEADER = "id,nik,no_kk,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,alamat,rt,rw,kode_desa,sumber"
ODD_IDS = ["DTKS-1", " spaced id ", "koma,di,dalam", 'kutip "ganda"', "ñame-Ünïcode-世界", "x" * 40, "007"]


OTHERS = ["", "", "", "RUKIAH", "JAMILAH BINTI DAUD", "NURHAYATI", "KHADIJAH"]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def sample_rows() -> list[list[str]]:
    born = date(1975, 3, 8)
    nik = make_nik(kecamatan_code="11.06.01", birth_date=born, sex="P", serial=4)
    rows = []
    for i, record_id in enumerate(ODD_IDS):
        same = i < 3  # the first three are one person
        rows.append([record_id, nik if same else "", "", "SITI AMINAH" if same else OTHERS[i],
                     "P", "", "08/03/1975" if same else f"0{i}/01/19{60 + i}", "", "", "", "11.06.01.2001",
                     ["DTKS", "PKH", "BPNT"][i % 3]])  # fmt: skip
    return rows


def sample_file(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER.split(","))
        writer.writerows(sample_rows())
    return path


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        call_command("link", *args)
    return exit_info.value.code


def test_output_has_every_id_once_byte_for_byte_without_bom(tmp_path, capsys):
    source = sample_file(tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    assert run(str(source), "--out", str(out), "--model", str(saved_model(tmp_path))) == 0
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["id", "cluster_id"]
    assert [r[0] for r in rows[1:]] == ODD_IDS
    for record_id in ODD_IDS:  # written as CSV: quoted when it holds a comma or a quote, else as is
        assert (f'"{record_id}"' if "," in record_id else record_id.replace('"', '""')).encode(
            "utf-8"
        ) in data
    assert b'"kutip ""ganda"""' in data
    clusters = {r[0]: r[1] for r in rows[1:]}
    assert clusters["DTKS-1"] == clusters[" spaced id "] == clusters["koma,di,dalam"]
    assert len(set(clusters.values())) == len(ODD_IDS) - 2
    assert "klaster" in capsys.readouterr().err  # progress and summary on stderr


def test_saved_model_gives_identical_clusters(tmp_path):
    source = sample_file(tmp_path / "in.csv")
    model = saved_model(tmp_path)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run(str(source), "--out", str(first), "--model", str(model)) == 0
    assert run(str(source), "--out", str(second), "--model", str(model), "--threshold", "0.5") == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("content", "encoding", "expected"),
    [
        ("id,nik,nama\n1,2,3\n", "utf-8", "kolom no_kk, jenis_kelamin"),
        (HEADER + "\nA,,,SITI,P,,,,,,11.06.01.2001,DTKS\nB,,,ANI,P\n", "utf-8", "baris 3: 5 nilai"),
        (HEADER + "\nA,,,SITI,P,,,,,,11.06.01.2001,DTKS\nB,,,JOSÉ,L,,,,,,11.06.01.2001,DTKS\n", "latin-1",
         "baris 3: bukan UTF-8"),
        (HEADER + "\nA,,,SITI,P,,,,,,11.06.01.2001,DTKS\nA,,,ANI,P,,,,,,11.06.01.2001,DTKS\n", "utf-8",
         "baris 3, kolom id: id 'A' sudah dipakai di baris 2"),
        ("", "utf-8", "file kosong"),
    ],
)  # fmt: skip
def test_malformed_input_exits_2_naming_file_row_column(tmp_path, capsys, content, encoding, expected):
    source = write(tmp_path / "bad.csv", content, encoding)
    assert run(str(source), "--out", str(tmp_path / "o.csv"), "--model", str(tmp_path / "unused.json")) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "bad.csv" in err
    assert not (tmp_path / "unused.json").exists()  # the file is checked before any training


def test_missing_file_and_bad_threshold(tmp_path, capsys):
    assert run(str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")) == 2
    assert "tidak dapat dibaca" in capsys.readouterr().err
    with pytest.raises(Exception, match="threshold"):
        call_command("link", str(tmp_path / "nope.csv"), "--out", "o.csv", "--threshold", "2")


def test_bom_input_is_read(tmp_path):
    source = sample_file(tmp_path / "in.csv")
    write(tmp_path / "bom.csv", source.read_text(encoding="utf-8"), "utf-8-sig")
    out = tmp_path / "out.csv"
    assert run(str(tmp_path / "bom.csv"), "--out", str(out), "--model", str(saved_model(tmp_path))) == 0
    assert out.read_bytes() == (tmp_path / "out.csv").read_bytes()
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("DTKS-1,")
