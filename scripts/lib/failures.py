#!/usr/bin/env python3
"""Prints one line per failed test found in the given .trx files and suite logs, for the tail of scripts/test.

CI shows only the last part of the output, so the names of what failed (and the first line of each
message) are printed again just before the summary line.
usage: failures.py RESULTS_DIR
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def first_line(text: str | None) -> str:
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line[:300]
    return ""


def main(results: pathlib.Path) -> None:
    for trx in sorted(results.glob("*.trx")):
        try:
            root = ET.parse(trx).getroot()
        except ET.ParseError as e:
            print(f"  {trx.stem}: unreadable results file ({e})")
            continue
        for result in root.iter(NS + "UnitTestResult"):
            if result.get("outcome") != "Failed":
                continue
            message = first_line(result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}Message"))
            print(f"  {trx.stem}: {result.get('testName')}: {message}")
    for log in sorted(results.glob("*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("FAIL "):
                print(f"  {log.stem}: {line[5:][:300]}")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
