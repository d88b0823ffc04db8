-- SPDX-License-Identifier: GPL-3.0-or-later
-- 003: the team's profile catalog (issue 14). A profile here is a customer's set-up WITHOUT its
-- ServerSecret: each operator keeps the secret in their own keyring, under the profile's name.
--
-- Why the catalog is not append-only while the audit (cdnrec_events) is: a profile is the
-- team's current configuration, not evidence. When a customer moves region or lowers its rate,
-- the team needs one current row per name that colleagues pick up on their next start, so
-- operators may UPDATE it. What must not be rewritable is who changed what and when: every
-- INSERT and UPDATE of cdnrec_profiles is copied, by a trigger that runs as the table owner,
-- into cdnrec_profile_changes, which nobody can UPDATE, DELETE or TRUNCATE and operators cannot
-- write to directly (they have no INSERT on it, so the trail cannot be forged either).
-- Deleting a team profile is left to the admin who owns the tables.

CREATE TABLE IF NOT EXISTS cdnrec_profiles (
    name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64 AND name = btrim(name)),
    -- the profile's shareable fields as ProfileStore::toJson writes them, without "name"
    fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
    -- 1 on the first publication; every change publishes version + 1 (set by the trigger)
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    published_by name NOT NULL DEFAULT session_user, -- as the database knows it (not spoofable)
    os_user text NOT NULL,
    host text NOT NULL DEFAULT '',
    published_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE IF NOT EXISTS cdnrec_profile_changes (
    seq bigserial PRIMARY KEY,
    name text NOT NULL,
    version bigint NOT NULL,
    change text NOT NULL CHECK (change IN ('published', 'changed')),
    fields jsonb NOT NULL,      -- the fields as they were from this version on
    changed_by name NOT NULL,   -- session_user of the publisher
    os_user text NOT NULL,
    host text NOT NULL,
    changed_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS cdnrec_profile_changes_name ON cdnrec_profile_changes (name, version);

-- Before a row is written: the server, not the client, says which version this is, who wrote it
-- and when. A name never changes (a renamed profile is a new one).
CREATE OR REPLACE FUNCTION cdnrec_profiles_stamp() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.version := 1;
    ELSE
        IF NEW.name IS DISTINCT FROM OLD.name THEN
            RAISE EXCEPTION 'a team profile cannot be renamed' USING ERRCODE = 'insufficient_privilege';
        END IF;
        NEW.version := OLD.version + 1;
    END IF;
    NEW.published_by := session_user;
    NEW.published_at := clock_timestamp();
    RETURN NEW;
END;
$fn$;

-- After a row is written: the trail. SECURITY DEFINER so that it can write the table operators
-- may only read; session_user is still the operator's login.
CREATE OR REPLACE FUNCTION cdnrec_profiles_trail() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
BEGIN
    INSERT INTO cdnrec_profile_changes (name, version, change, fields, changed_by, os_user, host,
                                        changed_at)
    VALUES (NEW.name, NEW.version, CASE TG_OP WHEN 'INSERT' THEN 'published' ELSE 'changed' END,
            NEW.fields, NEW.published_by, NEW.os_user, NEW.host, NEW.published_at);
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION cdnrec_profiles_trail() FROM PUBLIC;

CREATE OR REPLACE FUNCTION cdnrec_profile_changes_refuse() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'cdnrec_profile_changes is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$fn$;

CREATE OR REPLACE TRIGGER cdnrec_profiles_stamp BEFORE INSERT OR UPDATE ON cdnrec_profiles
    FOR EACH ROW EXECUTE FUNCTION cdnrec_profiles_stamp();
CREATE OR REPLACE TRIGGER cdnrec_profiles_trail AFTER INSERT OR UPDATE ON cdnrec_profiles
    FOR EACH ROW EXECUTE FUNCTION cdnrec_profiles_trail();
CREATE OR REPLACE TRIGGER cdnrec_profile_changes_no_update BEFORE UPDATE OR DELETE
    ON cdnrec_profile_changes FOR EACH ROW EXECUTE FUNCTION cdnrec_profile_changes_refuse();
CREATE OR REPLACE TRIGGER cdnrec_profile_changes_no_truncate BEFORE TRUNCATE
    ON cdnrec_profile_changes FOR EACH STATEMENT EXECUTE FUNCTION cdnrec_profile_changes_refuse();

-- Operators read, publish and change (only the fields and where from: version, publisher and
-- time are the trigger's); auditors read. Nobody but the owner deletes.
REVOKE ALL ON cdnrec_profiles, cdnrec_profile_changes FROM PUBLIC;
GRANT SELECT, INSERT ON cdnrec_profiles TO cdnrec_operator;
GRANT UPDATE (fields, os_user, host) ON cdnrec_profiles TO cdnrec_operator;
GRANT SELECT ON cdnrec_profile_changes TO cdnrec_operator;
GRANT SELECT ON cdnrec_profiles, cdnrec_profile_changes TO cdnrec_auditor;
