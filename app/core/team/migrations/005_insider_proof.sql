-- SPDX-License-Identifier: GPL-3.0-or-later
-- 005: team mode that an insider cannot subvert (issue 20; docs/team-security.md is the threat
-- model). Until 004 operators wrote the tables themselves (INSERT events, INSERT/UPDATE/DELETE
-- leases, INSERT/UPDATE profiles) and the client was trusted to keep every rule; with psql, an
-- operator could choose seq, write under a colleague's run, rewrite leases, redirect a profile's
-- endpoint and, through a SECURITY DEFINER trigger that resolved a table name through the
-- caller's search_path, become superuser. From here on:
--
-- * the tables belong to cdnrec_owner, a NOLOGIN role that is not a superuser;
-- * operators and auditors write NOTHING directly: operators EXECUTE a few SECURITY DEFINER
--   functions owned by cdnrec_owner, each pinned to `search_path = pg_catalog, pg_temp` and
--   naming every object with its schema; everyone in a group role may SELECT;
-- * the server decides order (seq from the table's own sequence), time (recorded_at), the writer
--   (session_user) and ownership (a run belongs to whoever began it: cdnrec_runs);
-- * a budget grant is computed by the server, under a row lock only these functions can take;
-- * where a secret signs (AppId, region, endpoint, IsTest, environment) changes only by a team
--   admin (cdnrec_admin), and endpoints outside ZEGO's hosts need the admin's allow-list;
-- * every text an operator can write has a size limit.
--
-- Runs in TeamDatabase::migrate's transaction, as the superuser that runs `cdnrec team init`;
-- idempotent (IF NOT EXISTS, CREATE OR REPLACE, DROP ... IF EXISTS), keeps every event and
-- profile.

-- ---- roles ----------------------------------------------------------------------------------
DO $do$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'cdnrec_owner') THEN
        CREATE ROLE cdnrec_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'cdnrec_admin') THEN
        CREATE ROLE cdnrec_admin NOLOGIN;
    END IF;
    -- No temporary tables for anyone but the superuser: the search_path attack of issue 20 #1
    -- began with CREATE TEMP TABLE. (PostgreSQL 15 already keeps CREATE on public from PUBLIC.)
    EXECUTE pg_catalog.format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC',
                              pg_catalog.current_database());
END
$do$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- Large objects are storage outside every table and size limit, open to any login (an auditor
-- wrote 10 MB blobs at will): cdnrec uses none.
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_create(oid), pg_catalog.lo_creat(integer),
    pg_catalog.lo_from_bytea(oid, bytea), pg_catalog.lo_import(text),
    pg_catalog.lo_import(text, oid) FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM cdnrec_operator, cdnrec_auditor, cdnrec_admin;

-- ---- the tables change hands ----------------------------------------------------------------
ALTER TABLE public.cdnrec_schema OWNER TO cdnrec_owner;
ALTER TABLE public.cdnrec_events OWNER TO cdnrec_owner;
ALTER TABLE public.cdnrec_budgets OWNER TO cdnrec_owner;
ALTER TABLE public.cdnrec_budget_leases OWNER TO cdnrec_owner;
ALTER TABLE public.cdnrec_profiles OWNER TO cdnrec_owner;
ALTER TABLE public.cdnrec_profile_changes OWNER TO cdnrec_owner;
ALTER FUNCTION public.cdnrec_events_stamp() OWNER TO cdnrec_owner;
ALTER FUNCTION public.cdnrec_events_append_only() OWNER TO cdnrec_owner;
ALTER FUNCTION public.cdnrec_profiles_stamp() OWNER TO cdnrec_owner;
ALTER FUNCTION public.cdnrec_profile_changes_refuse() OWNER TO cdnrec_owner;

-- Nobody writes a table but its owner (and the superuser): every direct write right goes.
REVOKE ALL ON public.cdnrec_events, public.cdnrec_budgets, public.cdnrec_budget_leases,
    public.cdnrec_profiles, public.cdnrec_profile_changes, public.cdnrec_schema
    FROM PUBLIC, cdnrec_operator, cdnrec_auditor, cdnrec_admin;
REVOKE ALL ON SEQUENCE public.cdnrec_events_seq_seq, public.cdnrec_profile_changes_seq_seq
    FROM PUBLIC, cdnrec_operator, cdnrec_auditor, cdnrec_admin;
GRANT SELECT ON public.cdnrec_events, public.cdnrec_budgets, public.cdnrec_budget_leases,
    public.cdnrec_profiles, public.cdnrec_profile_changes, public.cdnrec_schema
    TO cdnrec_operator, cdnrec_auditor, cdnrec_admin;
-- The admin sets budgets (cdnrec team budget) and removes a profile outright; nothing else.
GRANT INSERT, UPDATE, DELETE ON public.cdnrec_budgets TO cdnrec_admin;
GRANT DELETE ON public.cdnrec_profiles TO cdnrec_admin;

-- seq values an operator took by hand (issue 20 #3: INSERT ... seq = the next 100,000) are
-- never handed out again by the sequence.
SELECT pg_catalog.setval('public.cdnrec_events_seq_seq',
                         GREATEST((SELECT max(seq) FROM public.cdnrec_events), 1));

-- ---- size limits: a row an operator writes stays small (issue 20 #7) -----------------------
-- NOT VALID: rows written before keep their place; new ones are checked.
ALTER TABLE public.cdnrec_events DROP CONSTRAINT IF EXISTS cdnrec_events_sizes;
ALTER TABLE public.cdnrec_events ADD CONSTRAINT cdnrec_events_sizes CHECK (
    octet_length(os_user) <= 256 AND octet_length(host) <= 256 AND octet_length(profile) <= 256
    AND COALESCE(octet_length(stream_id), 0) <= 1024 AND COALESCE(octet_length(status), 0) <= 32
    AND octet_length(detail::text) <= 65536 AND app_id BETWEEN 0 AND 4294967295) NOT VALID;
ALTER TABLE public.cdnrec_profiles DROP CONSTRAINT IF EXISTS cdnrec_profiles_size;
ALTER TABLE public.cdnrec_profiles ADD CONSTRAINT cdnrec_profiles_size CHECK (
    octet_length(name) + octet_length(fields::text) + octet_length(os_user) + octet_length(host)
    <= 16384) NOT VALID;
ALTER TABLE public.cdnrec_budget_leases DROP CONSTRAINT IF EXISTS cdnrec_budget_leases_sizes;
ALTER TABLE public.cdnrec_budget_leases ADD CONSTRAINT cdnrec_budget_leases_sizes CHECK (
    octet_length(os_user) <= 256 AND octet_length(host) <= 256) NOT VALID;

-- ---- runs: who began each one ---------------------------------------------------------------
-- A run is its first run_begun as the server received it; only its writer adds to it. Listed by
-- the server's recorded_at, so a run claiming to begin in 2100 is not on top for ever.
CREATE TABLE IF NOT EXISTS public.cdnrec_runs (
    run_id uuid PRIMARY KEY,
    db_user name NOT NULL,
    begun_event uuid NOT NULL,
    recorded_at timestamptz NOT NULL
);
ALTER TABLE public.cdnrec_runs OWNER TO cdnrec_owner;
CREATE INDEX IF NOT EXISTS cdnrec_runs_recorded_at ON public.cdnrec_runs (recorded_at DESC);
REVOKE ALL ON public.cdnrec_runs FROM PUBLIC;
GRANT SELECT ON public.cdnrec_runs TO cdnrec_operator, cdnrec_auditor, cdnrec_admin;
-- From the events already there: the earliest run_begun the server stamped (not the lowest seq,
-- which a client could choose until now: issue 20 #2).
INSERT INTO public.cdnrec_runs (run_id, db_user, begun_event, recorded_at)
SELECT DISTINCT ON (e.run_id) e.run_id, e.db_user, e.event_id, e.recorded_at
FROM public.cdnrec_events e WHERE e.kind = 'run_begun'
ORDER BY e.run_id, e.recorded_at, e.seq
ON CONFLICT (run_id) DO NOTHING;

-- ---- events: appended only through this function --------------------------------------------
-- p_events: a JSON array of events in their order (TeamOutbox::joined). Those the database has
-- (a replay) are skipped. Refused as a whole, SQLSTATE CR001, when one names a run this login
-- did not begin (or no run at all): the client then sends moment by moment and passes over the
-- refused one, so one bad moment never stops a sync.
CREATE OR REPLACE FUNCTION public.cdnrec_append_events(p_events jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_count integer;
    v_run uuid;
BEGIN
    IF jsonb_typeof(p_events) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'cdnrec_append_events takes a JSON array of events'
            USING ERRCODE = '22023';
    END IF;
    IF jsonb_array_length(p_events) > 50000 THEN
        RAISE EXCEPTION 'at most 50000 events at a time' USING ERRCODE = '54000';
    END IF;
    IF EXISTS (SELECT FROM jsonb_to_recordset(p_events) AS x(event_id uuid)
               GROUP BY x.event_id HAVING count(*) > 1) THEN
        RAISE EXCEPTION 'an event_id appears twice in one batch' USING ERRCODE = '22023';
    END IF;
    -- A run begins with a run_begun the database does not have yet: one replayed (or another
    -- login's, reused under a new run_id) begins nothing.
    INSERT INTO public.cdnrec_runs (run_id, db_user, begun_event, recorded_at)
    SELECT DISTINCT ON (x.run_id) x.run_id, session_user, x.event_id, clock_timestamp()
    FROM ROWS FROM (jsonb_to_recordset(p_events) AS (event_id uuid, run_id uuid, kind text))
         WITH ORDINALITY AS x(event_id, run_id, kind, n)
    WHERE x.kind = 'run_begun' AND x.run_id IS NOT NULL AND x.event_id IS NOT NULL
      AND NOT EXISTS (SELECT FROM public.cdnrec_events e WHERE e.event_id = x.event_id)
    ORDER BY x.run_id, x.n
    ON CONFLICT (run_id) DO NOTHING;

    SELECT x.run_id INTO v_run
    FROM jsonb_to_recordset(p_events) AS x(run_id uuid)
    LEFT JOIN public.cdnrec_runs r ON r.run_id = x.run_id
    WHERE r.db_user IS DISTINCT FROM session_user
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'run % was not begun by %: its events are refused', v_run, session_user
            USING ERRCODE = 'CR001';
    END IF;

    INSERT INTO public.cdnrec_events (event_id, run_id, call_id, kind, occurred_at, os_user,
                                      host, profile, app_id, action, stream_id, status, detail)
    SELECT x.event_id, x.run_id, x.call_id, x.kind, x.occurred_at, x.os_user, x.host,
           COALESCE(x.profile, ''), x.app_id, x.action, x.stream_id, x.status,
           COALESCE(x.detail, '{}')
    FROM ROWS FROM (jsonb_to_recordset(p_events) AS (event_id uuid, run_id uuid, call_id uuid,
         kind text, occurred_at timestamptz, os_user text, host text, profile text,
         app_id bigint, action text, stream_id text, status text, detail jsonb))
         WITH ORDINALITY AS x(event_id, run_id, call_id, kind, occurred_at, os_user, host,
                              profile, app_id, action, stream_id, status, detail, n)
    ORDER BY x.n
    ON CONFLICT (event_id) DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$fn$;
ALTER FUNCTION public.cdnrec_append_events(jsonb) OWNER TO cdnrec_owner;
REVOKE ALL ON FUNCTION public.cdnrec_append_events(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.cdnrec_append_events(jsonb) TO cdnrec_operator;

-- ---- the budget: grants computed here, under a row lock -------------------------------------
-- One row per AppId that ever had a lease: the lock the heartbeats of that AppId queue on.
-- Nobody else may lock it (FOR UPDATE needs UPDATE rights, which nobody is given), unlike the
-- advisory lock of 002, which any login could take and hold (issue 20 #5).
CREATE TABLE IF NOT EXISTS public.cdnrec_budget_locks (
    app_id bigint PRIMARY KEY CHECK (app_id BETWEEN 0 AND 4294967295)
);
ALTER TABLE public.cdnrec_budget_locks OWNER TO cdnrec_owner;
REVOKE ALL ON public.cdnrec_budget_locks FROM PUBLIC;

-- The rate a row commits now: its grant (none once it left), and the rate it had before a
-- change for kHoldSecs after it (a share that went down is still in flight for a second).
CREATE OR REPLACE FUNCTION public.cdnrec_lease_committed(p_granted double precision,
    p_previous double precision, p_left boolean, p_age double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN p_age >= 1.25
                THEN CASE WHEN p_left THEN 0::float8 ELSE LEAST(p_granted, 20) END
                ELSE GREATEST(CASE WHEN p_left THEN 0::float8 ELSE LEAST(p_granted, 20) END,
                              LEAST(p_previous, 20)) END
$fn$;
ALTER FUNCTION public.cdnrec_lease_committed(double precision, double precision, boolean,
    double precision) OWNER TO cdnrec_owner;

-- A lease row written by this function: finite times not ahead of the server's clock (5 s of
-- slack), rates finite and at most 20. Rows failing it came from a superuser's hand: they are
-- dropped, never counted, and `cdnrec team budget` lists them apart with this same test (the
-- group roles may call it: it only reads the row it is given).
CREATE OR REPLACE FUNCTION public.cdnrec_lease_plausible(l public.cdnrec_budget_leases,
    p_now timestamptz)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT isfinite(l.heartbeat_at) AND isfinite(l.changed_at) AND isfinite(l.started_at)
       AND l.heartbeat_at <= p_now + interval '5 s' AND l.changed_at <= p_now + interval '5 s'
       AND l.started_at <= p_now + interval '5 s'
       AND l.wanted >= 0 AND l.wanted < 'Infinity'::float8 AND l.granted >= 0
       AND l.granted <= 20 AND l.previous >= 0 AND l.previous <= 20
$fn$;
ALTER FUNCTION public.cdnrec_lease_plausible(public.cdnrec_budget_leases, timestamptz)
    OWNER TO cdnrec_owner;

-- One heartbeat of one job's lease: drops expired leases of the AppId, computes this job's grant
-- (water-filling fair share, never more than the budget minus what the others commit), writes
-- it and says what the job needs to know. The job's own lease only: a lease_id of another login
-- is refused. TeamBudget::grantFor is the same arithmetic in C++ (test_teambudget checks both).
CREATE OR REPLACE FUNCTION public.cdnrec_lease_heartbeat(p_lease uuid, p_app_id bigint,
    p_wanted double precision, p_sending double precision, p_os_user text, p_host text,
    p_pid bigint)
RETURNS TABLE (granted double precision, budget double precision, budget_usable boolean,
               other_jobs integer, live_jobs integer, soonest_freed double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    k_max constant double precision := 20;
    k_hold constant double precision := 1.25;
    k_expiry constant double precision := 2.5;
    v_wanted double precision;
    v_budget double precision;
    v_usable boolean;
    v_used double precision := 0;
    v_wants double precision[] := ARRAY[]::double precision[];
    v_left double precision;
    v_n integer;
    v_w double precision;
    v_fair double precision;
    v_grant double precision;
    v_others integer := 0;
    v_live integer := 1;
    v_soonest double precision := -1;
    v_in double precision;
    v_now double precision;
    v_mine public.cdnrec_budget_leases%ROWTYPE;
    v_have boolean;
    v_changed boolean;
    v_ts timestamptz;
    r record;
BEGIN
    IF p_lease IS NULL OR p_app_id IS NULL OR p_app_id < 0 OR p_app_id > 4294967295 THEN
        RAISE EXCEPTION 'a lease needs an id and an AppId (0 to 4294967295)'
            USING ERRCODE = '22023';
    END IF;
    IF p_wanted IS NULL OR NOT (p_wanted >= 0) OR p_wanted = 'NaN'::float8 THEN
        RAISE EXCEPTION 'the wanted rate must be a number of calls/s' USING ERRCODE = '22023';
    END IF;
    v_wanted := LEAST(p_wanted, k_max);
    PERFORM pg_catalog.set_config('lock_timeout', '1000', true);

    INSERT INTO public.cdnrec_budget_locks (app_id) VALUES (p_app_id) ON CONFLICT DO NOTHING;
    PERFORM 1 FROM public.cdnrec_budget_locks k WHERE k.app_id = p_app_id FOR UPDATE;
    -- Every time below is this one, read once the lock is held: not now(), the start of the
    -- caller's transaction, which a caller that kept one open for seconds would set in the past
    -- (every fresh lease then looked ahead of it, "implausible", and was dropped).
    v_ts := clock_timestamp();

    SELECT l.* INTO v_mine FROM public.cdnrec_budget_leases l WHERE l.lease_id = p_lease;
    v_have := FOUND;
    IF v_have AND (v_mine.db_user <> session_user OR v_mine.app_id <> p_app_id) THEN
        RAISE EXCEPTION 'lease % is another job''s', p_lease USING ERRCODE = '42501';
    END IF;
    IF v_have AND v_mine.left_job THEN
        RAISE EXCEPTION 'lease % was released: a job takes a new one' , p_lease
            USING ERRCODE = '55000';
    END IF;

    SELECT b.rate INTO v_budget FROM public.cdnrec_budgets b WHERE b.app_id = p_app_id;
    IF NOT FOUND THEN
        v_budget := 10;
    END IF;
    v_usable := v_budget > 0 AND v_budget <= k_max;
    IF NOT v_usable OR v_budget IS NULL THEN
        v_usable := false;
        v_budget := 0;
    END IF;

    DELETE FROM public.cdnrec_budget_leases l
    WHERE l.app_id = p_app_id
      AND ((l.lease_id <> p_lease
            AND (l.heartbeat_at < v_ts - make_interval(secs => k_expiry)
                 OR (l.left_job AND l.changed_at < v_ts - make_interval(secs => k_hold))))
           OR NOT public.cdnrec_lease_plausible(l, v_ts));
    IF v_have THEN
        SELECT l.* INTO v_mine FROM public.cdnrec_budget_leases l WHERE l.lease_id = p_lease;
        v_have := FOUND;
    END IF;

    FOR r IN
        SELECT l.wanted, l.granted, l.previous, l.left_job,
               (EXTRACT(EPOCH FROM v_ts) - EXTRACT(EPOCH FROM l.changed_at))::float8 AS age
        FROM public.cdnrec_budget_leases l
        WHERE l.app_id = p_app_id AND l.lease_id <> p_lease
    LOOP
        v_used := v_used + public.cdnrec_lease_committed(r.granted, r.previous, r.left_job, r.age);
        v_others := v_others + 1;
        IF NOT r.left_job THEN
            v_wants := v_wants || LEAST(r.wanted, k_max);
            v_live := v_live + 1;
        END IF;
        v_in := k_hold - r.age;
        v_now := r.granted;
        IF r.left_job THEN
            v_now := 0;
        END IF;
        IF v_in > 0 AND r.previous > v_now AND (v_soonest < 0 OR v_in < v_soonest) THEN
            v_soonest := v_in;
        END IF;
    END LOOP;

    -- Water-filling: the smallest wants are served whole while under the equal share of what is
    -- left; the rest split what remains equally.
    v_fair := v_wanted;
    v_left := GREATEST(0, v_budget);
    v_n := cardinality(v_wants) + 1;
    FOR v_w IN SELECT w FROM unnest(v_wants || v_wanted) AS w ORDER BY w LOOP
        IF v_w > v_left / v_n THEN
            v_fair := LEAST(v_wanted, v_left / v_n);
            EXIT;
        END IF;
        v_left := v_left - v_w;
        v_n := v_n - 1;
    END LOOP;
    v_grant := floor(GREATEST(0, LEAST(v_wanted, v_fair, v_budget - v_used)) * 1000 + 1e-6) / 1000;
    IF v_grant < 0.01 THEN
        v_grant := 0;
    END IF;

    IF v_have THEN
        v_changed := abs(v_grant - v_mine.granted) > 1e-9;
        UPDATE public.cdnrec_budget_leases l
        SET granted = v_grant, heartbeat_at = v_ts,
            previous = CASE WHEN v_changed THEN public.cdnrec_lease_committed(v_mine.granted,
                v_mine.previous, v_mine.left_job,
                (EXTRACT(EPOCH FROM v_ts) - EXTRACT(EPOCH FROM v_mine.changed_at))::float8)
                ELSE l.previous END,
            changed_at = CASE WHEN v_changed THEN v_ts ELSE l.changed_at END
        WHERE l.lease_id = p_lease;
    ELSE
        -- Leases still counted (live, or left and in their hold), and leases begun lately: one
        -- login cannot hold many, nor cycle throw-away ones to keep colleagues at 0.
        IF (SELECT count(*) FROM public.cdnrec_budget_leases l
            WHERE l.db_user = session_user
              AND (NOT l.left_job OR l.changed_at > v_ts - make_interval(secs => k_hold))) >= 64
           OR (SELECT count(*) FROM public.cdnrec_budget_leases l
               WHERE l.db_user = session_user
                 AND l.started_at > v_ts - interval '10 s') >= 32 THEN
            RAISE EXCEPTION '% holds or began too many leases (64 at once, 32 in 10 s)',
                session_user USING ERRCODE = '54000';
        END IF;
        -- New, or dropped while cut off: what the job sends now (its fallback) counts through
        -- the hold, so nobody takes it while it is still in the window. A fallback is never more
        -- than an equal share (TeamBudget::fallbackRate): so is what a new lease may claim.
        INSERT INTO public.cdnrec_budget_leases (lease_id, app_id, db_user, os_user, host, pid,
                                                 wanted, granted, previous, changed_at,
                                                 heartbeat_at, started_at)
        VALUES (p_lease, p_app_id, session_user, left(COALESCE(p_os_user, ''), 64),
                left(COALESCE(p_host, ''), 64), COALESCE(p_pid, 0), v_wanted, v_grant,
                LEAST(CASE WHEN p_sending >= 0 AND p_sending <= k_max THEN p_sending
                           ELSE k_max END, v_budget / v_live),
                v_ts, v_ts, v_ts);
    END IF;

    RETURN QUERY SELECT v_grant, v_budget, v_usable, v_others, v_live, v_soonest;
END
$fn$;
ALTER FUNCTION public.cdnrec_lease_heartbeat(uuid, bigint, double precision, double precision,
    text, text, bigint) OWNER TO cdnrec_owner;
REVOKE ALL ON FUNCTION public.cdnrec_lease_heartbeat(uuid, bigint, double precision,
    double precision, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.cdnrec_lease_heartbeat(uuid, bigint, double precision,
    double precision, text, text, bigint) TO cdnrec_operator;

-- The job ended: its share is free once its last calls are out of the window. Own leases only.
CREATE OR REPLACE FUNCTION public.cdnrec_lease_release(p_lease uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_count integer;
BEGIN
    UPDATE public.cdnrec_budget_leases l
    SET left_job = true,
        previous = CASE WHEN l.changed_at > clock_timestamp() - interval '1.25 s'
                        THEN GREATEST(l.granted, l.previous) ELSE l.granted END,
        granted = 0, changed_at = clock_timestamp()
    WHERE l.lease_id = p_lease AND l.db_user = session_user AND NOT l.left_job;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$fn$;
ALTER FUNCTION public.cdnrec_lease_release(uuid) OWNER TO cdnrec_owner;
REVOKE ALL ON FUNCTION public.cdnrec_lease_release(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.cdnrec_lease_release(uuid) TO cdnrec_operator;

-- ---- the profile catalog --------------------------------------------------------------------
-- Endpoints outside ZEGO's published hosts (https://rtc-api.zego.im/ and its regional
-- rtc-api-XXX.zego.im) that the admin allows: an origin such as 'https://gw.example.com' or
-- 'http://127.0.0.1:8080'.
CREATE TABLE IF NOT EXISTS public.cdnrec_allowed_endpoints (
    origin text PRIMARY KEY CHECK (origin ~ '^https?://[^/?#@\s]+$' AND octet_length(origin) <= 255),
    allowed_by name NOT NULL DEFAULT session_user,
    allowed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
ALTER TABLE public.cdnrec_allowed_endpoints OWNER TO cdnrec_owner;
REVOKE ALL ON public.cdnrec_allowed_endpoints FROM PUBLIC;
GRANT SELECT ON public.cdnrec_allowed_endpoints TO cdnrec_operator, cdnrec_auditor, cdnrec_admin;
GRANT INSERT, DELETE ON public.cdnrec_allowed_endpoints TO cdnrec_admin;

-- The trail of 004, now an ordinary trigger (it runs as the publish function's owner, who owns
-- the trail) with a pinned search_path and schema-qualified names: no caller's temp table can
-- stand in for cdnrec_profile_changes any more (issue 20 #1).
CREATE OR REPLACE FUNCTION public.cdnrec_profiles_trail() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    INSERT INTO public.cdnrec_profile_changes (name, version, change, fields, changed_by,
                                               os_user, host, changed_at)
    VALUES (NEW.name, NEW.version,
            CASE
                WHEN TG_OP = 'INSERT' THEN 'published'
                WHEN NEW.retired AND NOT OLD.retired THEN 'retired'
                WHEN OLD.retired AND NOT NEW.retired THEN 'restored'
                ELSE 'changed'
            END,
            NEW.fields, NEW.published_by, NEW.os_user, NEW.host, NEW.published_at);
    RETURN NULL;
END;
$fn$;
ALTER FUNCTION public.cdnrec_profiles_trail() OWNER TO cdnrec_owner;
REVOKE ALL ON FUNCTION public.cdnrec_profiles_trail() FROM PUBLIC;
ALTER FUNCTION public.cdnrec_profiles_stamp() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION public.cdnrec_events_stamp() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION public.cdnrec_events_append_only() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION public.cdnrec_profile_changes_refuse() SET search_path = pg_catalog, pg_temp;

-- Where a profile's secret signs: the fields only an admin may change once published.
CREATE OR REPLACE FUNCTION public.cdnrec_profile_signing(p_fields jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object('appId', p_fields -> 'appId', 'region', p_fields -> 'region',
                              'endpoint', p_fields -> 'endpoint', 'isTest', p_fields -> 'isTest',
                              'environment', p_fields -> 'environment')
$fn$;
ALTER FUNCTION public.cdnrec_profile_signing(jsonb) OWNER TO cdnrec_owner;

-- Publishes (inserts, or updates with p_expected = the version the caller had, 0 = replace
-- whatever it is) a profile; a retired one is restored. Returns the new version, 0 when the
-- team's row changed meanwhile (the caller reads it again and says so). Refuses (CR002) a change
-- of where it signs unless the caller is a team admin, and (CR003) an endpoint outside ZEGO's
-- hosts unless the admin allowed its origin.
CREATE OR REPLACE FUNCTION public.cdnrec_profile_publish(p_name text, p_fields jsonb,
    p_os_user text, p_host text, p_expected bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_old public.cdnrec_profiles%ROWTYPE;
    v_version bigint := 0;
    v_endpoint text;
    v_origin text;
BEGIN
    IF jsonb_typeof(p_fields) IS DISTINCT FROM 'object' OR p_expected IS NULL THEN
        RAISE EXCEPTION 'a profile''s fields are a JSON object, and the version expected a number'
            USING ERRCODE = '22023';
    END IF;
    IF COALESCE(p_fields ->> 'region', '') NOT IN ('', 'unified', 'sha', 'hkg', 'fra', 'lax',
                                                   'bom', 'sgp') THEN
        RAISE EXCEPTION 'the region % is not one of ZEGO''s', p_fields ->> 'region'
            USING ERRCODE = '22023';
    END IF;
    -- A colleague holding the row in an open transaction delays this a second, not for ever.
    PERFORM pg_catalog.set_config('lock_timeout', '1000', true);
    v_endpoint := p_fields ->> 'endpoint';
    IF v_endpoint IS NOT NULL AND v_endpoint <> '' THEN
        v_origin := substring(v_endpoint FROM '^(https?://[^/?#]+)');
        IF v_origin IS NULL OR NOT (
               v_origin ~ '^https://rtc-api(-[a-z0-9]+)?\.zego\.im(:443)?$'
               OR EXISTS (SELECT FROM public.cdnrec_allowed_endpoints a
                          WHERE a.origin = v_origin)) THEN
            RAISE EXCEPTION 'the endpoint % is not one of ZEGO''s hosts nor on the team''s allow-list (cdnrec team profile allow-endpoint ORIGIN, by an admin)', v_endpoint
                USING ERRCODE = 'CR003';
        END IF;
    END IF;
    SELECT p.* INTO v_old FROM public.cdnrec_profiles p WHERE p.name = p_name FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO public.cdnrec_profiles (name, fields, os_user, host)
        VALUES (p_name, p_fields, left(COALESCE(p_os_user, ''), 64), left(COALESCE(p_host, ''), 64))
        ON CONFLICT (name) DO NOTHING
        RETURNING version INTO v_version;
        RETURN COALESCE(v_version, 0);
    END IF;
    IF NOT v_old.retired AND p_expected <> 0 AND p_expected <> v_old.version THEN
        RETURN 0;
    END IF;
    IF public.cdnrec_profile_signing(v_old.fields) IS DISTINCT FROM
       public.cdnrec_profile_signing(p_fields)
       AND NOT pg_catalog.pg_has_role(session_user, 'cdnrec_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'only a team admin may change where “%” signs (AppId, region, endpoint, test environment, environment)', p_name
            USING ERRCODE = 'CR002';
    END IF;
    UPDATE public.cdnrec_profiles p
    SET fields = p_fields, os_user = left(COALESCE(p_os_user, ''), 64),
        host = left(COALESCE(p_host, ''), 64), retired = false
    WHERE p.name = p_name
    RETURNING p.version INTO v_version;
    RETURN COALESCE(v_version, 0);
END
$fn$;
ALTER FUNCTION public.cdnrec_profile_publish(text, jsonb, text, text, bigint)
    OWNER TO cdnrec_owner;
REVOKE ALL ON FUNCTION public.cdnrec_profile_publish(text, jsonb, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.cdnrec_profile_publish(text, jsonb, text, text, bigint)
    TO cdnrec_operator, cdnrec_admin;

-- Retires a profile; the new version, or 0 when it was retired already or is not there.
CREATE OR REPLACE FUNCTION public.cdnrec_profile_retire(p_name text, p_os_user text,
    p_host text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_version bigint := 0;
BEGIN
    PERFORM pg_catalog.set_config('lock_timeout', '1000', true);
    UPDATE public.cdnrec_profiles p
    SET retired = true, os_user = left(COALESCE(p_os_user, ''), 64),
        host = left(COALESCE(p_host, ''), 64)
    WHERE p.name = p_name AND NOT p.retired
    RETURNING p.version INTO v_version;
    RETURN COALESCE(v_version, 0);
END
$fn$;
ALTER FUNCTION public.cdnrec_profile_retire(text, text, text) OWNER TO cdnrec_owner;
REVOKE ALL ON FUNCTION public.cdnrec_profile_retire(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.cdnrec_profile_retire(text, text, text)
    TO cdnrec_operator, cdnrec_admin;

-- What an admin writes is stamped by the server too: who allowed an endpoint or set a budget,
-- and when, are not theirs to claim.
CREATE OR REPLACE FUNCTION public.cdnrec_admin_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_TABLE_NAME = 'cdnrec_allowed_endpoints' THEN
        NEW.allowed_by := session_user;
        NEW.allowed_at := clock_timestamp();
    ELSE
        NEW.set_by := session_user;
        NEW.set_at := clock_timestamp();
    END IF;
    RETURN NEW;
END
$fn$;
ALTER FUNCTION public.cdnrec_admin_stamp() OWNER TO cdnrec_owner;
CREATE OR REPLACE TRIGGER cdnrec_allowed_endpoints_stamp BEFORE INSERT OR UPDATE
    ON public.cdnrec_allowed_endpoints FOR EACH ROW EXECUTE FUNCTION public.cdnrec_admin_stamp();
CREATE OR REPLACE TRIGGER cdnrec_budgets_stamp BEFORE INSERT OR UPDATE
    ON public.cdnrec_budgets FOR EACH ROW EXECUTE FUNCTION public.cdnrec_admin_stamp();

-- An admin's DELETE of a profile row is in the trail as well.
ALTER TABLE public.cdnrec_profile_changes DROP CONSTRAINT IF EXISTS cdnrec_profile_changes_change_check;
ALTER TABLE public.cdnrec_profile_changes ADD CONSTRAINT cdnrec_profile_changes_change_check
    CHECK (change IN ('published', 'changed', 'retired', 'restored', 'deleted'));
CREATE OR REPLACE FUNCTION public.cdnrec_profiles_trail_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    INSERT INTO public.cdnrec_profile_changes (name, version, change, fields, changed_by,
                                               os_user, host, changed_at)
    VALUES (OLD.name, OLD.version + 1, 'deleted', OLD.fields, session_user, '', '',
            clock_timestamp());
    RETURN NULL;
END;
$fn$;
ALTER FUNCTION public.cdnrec_profiles_trail_delete() OWNER TO cdnrec_owner;
REVOKE ALL ON FUNCTION public.cdnrec_profiles_trail_delete() FROM PUBLIC;
CREATE OR REPLACE TRIGGER cdnrec_profiles_trail_delete AFTER DELETE ON public.cdnrec_profiles
    FOR EACH ROW EXECUTE FUNCTION public.cdnrec_profiles_trail_delete();

-- Every other function of ours: nobody but the owner calls it directly.
REVOKE ALL ON FUNCTION public.cdnrec_lease_committed(double precision, double precision,
    boolean, double precision) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.cdnrec_lease_plausible(public.cdnrec_budget_leases, timestamptz)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.cdnrec_lease_plausible(public.cdnrec_budget_leases, timestamptz)
    TO cdnrec_operator, cdnrec_auditor, cdnrec_admin;
REVOKE ALL ON FUNCTION public.cdnrec_profile_signing(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.cdnrec_profiles_stamp() FROM PUBLIC;
REVOKE ALL ON FUNCTION public.cdnrec_events_stamp() FROM PUBLIC;
REVOKE ALL ON FUNCTION public.cdnrec_admin_stamp() FROM PUBLIC;
