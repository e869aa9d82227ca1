#!/usr/bin/env python3
"""Run SQL against a DuckDB file through DuckDB's own C API (ctypes, no CLI).

usage: duckdb_sql.py LIBDUCKDB.so DB.duckdb SQL
Runs SQL (one or more statements) and prints the last result as tab-separated
rows. Exit 1 with DuckDB's error message on failure. The bench uses it for
DuckDB's raw ingest (read_csv) and to count rows; it does not use ferry.
"""
import ctypes as C
import sys


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lib = C.CDLL(sys.argv[1])
    db, con = C.c_void_p(), C.c_void_p()
    res = (C.c_uint64 * 6)()  # duckdb_result: six 8-byte fields
    lib.duckdb_result_error.restype = C.c_char_p
    lib.duckdb_value_varchar.restype = C.c_void_p
    lib.duckdb_column_count.restype = C.c_uint64
    lib.duckdb_row_count.restype = C.c_uint64
    lib.duckdb_open.argtypes = [C.c_char_p, C.c_void_p]
    if lib.duckdb_open(sys.argv[2].encode(), C.byref(db)) != 0:
        print(f"duckdb: cannot open {sys.argv[2]}", file=sys.stderr)
        return 1
    if lib.duckdb_connect(db, C.byref(con)) != 0:
        print("duckdb: cannot connect", file=sys.stderr)
        return 1
    rc = 0
    if lib.duckdb_query(con, sys.argv[3].encode(), C.byref(res)) != 0:
        err = lib.duckdb_result_error(C.byref(res))
        print("duckdb: " + (err.decode() if err else "query failed"), file=sys.stderr)
        rc = 1
    else:
        cols = lib.duckdb_column_count(C.byref(res))
        rows = lib.duckdb_row_count(C.byref(res))
        for r in range(rows):
            out = []
            for c in range(cols):
                p = lib.duckdb_value_varchar(C.byref(res), C.c_uint64(c), C.c_uint64(r))
                out.append(C.string_at(p).decode() if p else "")
                if p:
                    lib.duckdb_free(C.c_void_p(p))
            print("\t".join(out))
    lib.duckdb_destroy_result(C.byref(res))
    lib.duckdb_disconnect(C.byref(con))
    lib.duckdb_close(C.byref(db))
    return rc


if __name__ == "__main__":
    sys.exit(main())
