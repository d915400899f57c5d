#!/bin/sh
# Stands in for the official postgres image's entry point in the compose test: makes the cluster on
# first start from POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB, then runs the server.
set -eu
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${PGDATA:=/var/lib/postgresql/data}"
mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    printf '%s\n' "${POSTGRES_PASSWORD:?}" > /tmp/pgpass
    chown postgres /tmp/pgpass
    runuser -u postgres -- initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pgpass \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm /tmp/pgpass
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        echo "CREATE DATABASE \"$POSTGRES_DB\"" | runuser -u postgres -- postgres --single -D "$PGDATA" postgres >/dev/null
    fi
fi
exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' "$@"
