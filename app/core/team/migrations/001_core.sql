-- SPDX-License-Identifier: GPL-3.0-or-later
-- Team mode, version 1: the two group roles, the schema version table and the append-only
-- events table. Run by `cdnrec team init` in one transaction (no BEGIN/COMMIT here).

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cdnrec_operator') THEN
        CREATE ROLE cdnrec_operator NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cdnrec_auditor') THEN
        CREATE ROLE cdnrec_auditor NOLOGIN;
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS cdnrec_schema (
    version int PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON cdnrec_schema FROM PUBLIC;
GRANT SELECT ON cdnrec_schema TO cdnrec_operator, cdnrec_auditor;

CREATE TABLE cdnrec_events (
    seq bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    run_id uuid NOT NULL,
    call_id uuid,
    kind text NOT NULL CHECK (kind IN ('run_begun', 'call_sent', 'call_answered',
                                       'stream_outcome', 'run_ended')),
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    db_user name NOT NULL DEFAULT session_user,
    os_user text NOT NULL,
    host text NOT NULL,
    profile text NOT NULL DEFAULT '',
    app_id bigint NOT NULL,
    action text NOT NULL CHECK (action IN ('stop', 'start')),
    stream_id text,
    status text,
    detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX cdnrec_events_run_id ON cdnrec_events (run_id);
CREATE INDEX cdnrec_events_stream_id ON cdnrec_events (stream_id);
CREATE INDEX cdnrec_events_occurred_at ON cdnrec_events (occurred_at);
CREATE INDEX cdnrec_events_os_user ON cdnrec_events (os_user);

-- Who wrote a row and when it arrived are the server's to say, whatever the client sends.
CREATE FUNCTION cdnrec_events_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_user := session_user;
    NEW.recorded_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER cdnrec_events_stamp BEFORE INSERT ON cdnrec_events
    FOR EACH ROW EXECUTE FUNCTION cdnrec_events_stamp();

-- Append-only, even for a role that was granted too much (or the owner).
CREATE FUNCTION cdnrec_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'cdnrec_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER cdnrec_events_no_change BEFORE UPDATE OR DELETE ON cdnrec_events
    FOR EACH ROW EXECUTE FUNCTION cdnrec_events_append_only();
CREATE TRIGGER cdnrec_events_no_truncate BEFORE TRUNCATE ON cdnrec_events
    FOR EACH STATEMENT EXECUTE FUNCTION cdnrec_events_append_only();

REVOKE ALL ON cdnrec_events FROM PUBLIC;
GRANT SELECT, INSERT ON cdnrec_events TO cdnrec_operator;
GRANT USAGE ON SEQUENCE cdnrec_events_seq_seq TO cdnrec_operator;
GRANT SELECT ON cdnrec_events TO cdnrec_auditor;
