#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target from the project's own data:
the scenarios in tests/cases (facts, share links, wasm inputs), the CSV
fixtures in tests/batch and the CLI's template (batch), the packs in
policies/ (check-pack) and the browser's compiled catalogs (catalog bytes).
Run from the repository root after `cargo build`; the corpus is committed,
so this is needed only to re-seed. Each seed is named for where it came from.
"""
import json
import pathlib
import subprocess
import tomllib
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
CLI = ROOT / "target" / "debug" / "policycalc"


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def date_prefix(as_of):
    """The two bytes `policycalc_fuzz::as_of` reads back as this year and month."""
    year, month, _ = (int(x) for x in as_of.split("-"))
    return bytes([(year - 2015) % 20, month - 1])


def main():
    cases = sorted((ROOT / "tests" / "cases").glob("*/*.toml"))
    for path in cases:
        case = tomllib.loads(path.read_text())
        name = f"{path.parent.name}-{path.stem}"
        facts = case.get("facts", {})
        as_of = case.get("as_of", "2025-06-30")
        write("facts_json", name, date_prefix(as_of) + json.dumps(facts, ensure_ascii=False).encode())
        pairs = [("lang", "en"), ("region", case["region"]), ("view", "results")]
        pairs += [(k, str(v).lower() if isinstance(v, bool) else str(v)) for k, v in facts.items()]
        write("share_fragment", name, "#" + urllib.parse.urlencode(pairs))
        fact, value = next(iter(facts.items()), ("role", "startup"))
        lines = ["en", as_of, case["region"], "", fact, json.dumps(value), json.dumps(facts, ensure_ascii=False)]
        write("wasm_inputs", name, "\n".join(lines))

    # choice byte: region option per `csv_batch` (0 none, 2 by id), language by choice % 3.
    prefix = bytes([2 * 8 + 2, 10, 5, 7])
    for path in sorted((ROOT / "tests" / "batch").glob("*.csv")):
        if ".expected" in path.name:
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        write("csv_batch", path.stem, bytes([0, 10, 5, 7]) + text.encode())
        write("csv_batch", path.stem + "-region", prefix + text.encode())
    # batch_wire: choice byte 3 * header + 2 (CSV rows round-tripped), as-of, then rows.
    wire_rows = {
        0: "bayannur,startup,3,12,,\nbayannur,employer,,,100,50\nqingdao-chengyang,employer,,,x,1\n\"a,\"\"b\",startup\n",
        1: "qingdao-chengyang,2025-03-01,employer,state_owned_enterprise,medium,true,2345.67\nhuaian,,worker,,,,\n",
        2: "employer,true,true,,dandong\nemployer,true,true,true,dandong\n",
    }
    for header, rows in wire_rows.items():
        write("batch_wire", f"rows-{header}", bytes([3 * header + 2, 10, 5]) + rows.encode())

    for lang in ["en", "zh-Hans"]:
        template = subprocess.run([str(CLI), "template", "--lang", lang, "--as-of", "2025-06-30"], check=True, capture_output=True).stdout
        write("csv_batch", f"template-{lang}", bytes([0, 10, 5, 7]) + template)

    for path in sorted((ROOT / "policies").glob("*.toml")):
        write("policy_pack", path.stem, path.read_bytes())

    for lang in ["en", "zh-Hans"]:
        out = CORPUS / "catalog_bytes" / f"catalog-{lang}"
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(CLI), "export-catalog", "--lang", lang, "-o", str(out)], check=True, capture_output=True)


if __name__ == "__main__":
    main()
