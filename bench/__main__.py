"""Run every benchmark and say where the results are: ``python -m bench``."""

from __future__ import annotations

import shutil

from bench import department_print, import_employees, remind, setup_django

BENCHMARKS = [import_employees, remind, department_print]


def main() -> None:
    data_dir = setup_django()
    try:
        for benchmark in BENCHMARKS:
            path = benchmark.main()
            print(f"{benchmark.__name__}: {path}")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
