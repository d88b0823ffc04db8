-- SPDX-License-Identifier: GPL-3.0-or-later
-- 004: retiring a team profile (issue 14). A customer that leaves is withdrawn from the catalog
-- by an operator (`cdnrec team profile retire NAME`) instead of by the admin in SQL: the row
-- stays (the trail points at it, and a republish of the name brings it back), flagged retired.
-- A pull removes each colleague's unchanged copy and keeps a copy changed there (a conflict).
--
-- Runs after 003, in TeamDatabase::migrate's one transaction, as the owner of the tables; every
-- statement is safe to run again (IF NOT EXISTS, CREATE OR REPLACE, a constraint dropped and
-- added, GRANT), so a database that has 003 takes it as it is.
--
-- Retiring and restoring are UPDATEs: 003's stamp keeps holding (each is version + 1, stamped
-- with session_user and the server's time), and its trail trigger records them, now named.

ALTER TABLE cdnrec_profiles ADD COLUMN IF NOT EXISTS retired boolean NOT NULL DEFAULT false;

-- The trail's kinds of change: 003's column CHECK (named by PostgreSQL) gives way to a named one.
DO $do$
DECLARE
    c name;
BEGIN
    FOR c IN
        SELECT conname FROM pg_constraint
        WHERE conrelid = 'cdnrec_profile_changes'::regclass AND contype = 'c'
          AND pg_get_constraintdef(oid) LIKE '%change%'
    LOOP
        EXECUTE format('ALTER TABLE cdnrec_profile_changes DROP CONSTRAINT %I', c);
    END LOOP;
END;
$do$;
ALTER TABLE cdnrec_profile_changes ADD CONSTRAINT cdnrec_profile_changes_change_check
    CHECK (change IN ('published', 'changed', 'retired', 'restored'));

-- After a row is written: the trail, as in 003, with a retire and a restore told apart from a
-- change of the fields (a republish of a retired name restores it, new fields or not).
CREATE OR REPLACE FUNCTION cdnrec_profiles_trail() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
BEGIN
    INSERT INTO cdnrec_profile_changes (name, version, change, fields, changed_by, os_user, host,
                                        changed_at)
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
REVOKE ALL ON FUNCTION cdnrec_profiles_trail() FROM PUBLIC;

-- Operators retire and restore (still no DELETE: removing a row stays the admin's); auditors
-- read the flag with the rest.
GRANT UPDATE (retired) ON cdnrec_profiles TO cdnrec_operator;
