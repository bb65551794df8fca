"""Exit 0 when the PostgreSQL server of the given URL answers, 1 otherwise."""

import sys

import dj_database_url
import psycopg


def main(url: str) -> int:
    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname=config["NAME"],
            connect_timeout=3,
        ).close()
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
