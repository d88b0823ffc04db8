-- SPDX-License-Identifier: GPL-3.0-or-later
-- The team-wide rate budget per AppId (app/core/team/teambudget.h says why leases).
-- Budgets are set by the admin (`cdnrec team budget APPID RATE`); no row means the default 10/s.
CREATE TABLE IF NOT EXISTS cdnrec_budgets (
    app_id bigint PRIMARY KEY CHECK (app_id BETWEEN 0 AND 4294967295),
    rate double precision NOT NULL DEFAULT 10 CHECK (rate > 0 AND rate <= 20),
    set_by name NOT NULL DEFAULT session_user,
    set_at timestamptz NOT NULL DEFAULT now()
);

-- One row per running job. Times are the server's (now()), so machines' clocks never matter.
CREATE TABLE IF NOT EXISTS cdnrec_budget_leases (
    lease_id uuid PRIMARY KEY,
    app_id bigint NOT NULL CHECK (app_id BETWEEN 0 AND 4294967295),
    db_user name NOT NULL DEFAULT session_user,
    os_user text NOT NULL,
    host text NOT NULL,
    pid bigint NOT NULL,
    wanted double precision NOT NULL CHECK (wanted >= 0),
    granted double precision NOT NULL DEFAULT 0 CHECK (granted >= 0),
    -- a rate that went down counts at its old value for a while after changed_at
    previous double precision NOT NULL DEFAULT 0 CHECK (previous >= 0),
    changed_at timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz NOT NULL DEFAULT now(),
    -- the job ended: the lease counts only until its hold is over, then it is deleted
    left_job boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS cdnrec_budget_leases_app_id ON cdnrec_budget_leases (app_id);

GRANT SELECT ON cdnrec_budgets TO cdnrec_operator, cdnrec_auditor;
-- Operators heartbeat their own leases and drop expired ones of anyone.
GRANT SELECT, INSERT, UPDATE, DELETE ON cdnrec_budget_leases TO cdnrec_operator;
GRANT SELECT ON cdnrec_budget_leases TO cdnrec_auditor;
