// SPDX-License-Identifier: GPL-3.0-or-later
#include "teambudgetcommand.h"

#include "teamcommand.h"
#include <model/terminaltext.h>
#include <team/teambudget.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QVariant>

#include <cmath>

namespace cdnrec {

namespace {

// The codes of `cdnrec team` (TeamCommand).
constexpr int Ok = TeamCommand::Ok;
constexpr int Usage = TeamCommand::Usage;

const QString kConnection = QStringLiteral("cdnrec-team-budget");

QString rateText(double rate)
{
    return QString::number(rate, 'g', 4);
}

// A budget the server could have stored (its CHECK: above 0, at most 20). Should the CHECK have
// been dropped, NaN, Infinity or 1e308 are shown as what they are, not as a budget.
bool usableBudget(double rate)
{
    return std::isfinite(rate) && rate > 0 && rate <= TeamBudget::kMaxBudget;
}

const QString kHelp = QStringLiteral(
    "Usage: cdnrec team budget [--json] [connection options]\n"
    "       cdnrec team budget APPID RATE [connection options]\n"
    "The team-wide rate budget per AppId: every running cdnrec job of the team that targets "
    "an\n"
    "AppId takes its pace from it, so that together they stay under it. ZEGO allows 20 "
    "calls/s\n"
    "per AppId, shared with the customer's own servers; an AppId without a budget gets 10.\n"
    "  (no arguments)  every budget set, and the jobs holding a share now\n"
    "  APPID RATE      set the AppId's budget in calls/s (above 0, at most 20); admins only\n"
    "Connection options (as for cdnrec team init and add-user; without them, the saved\n"
    "connection): --host H --port P --database D --user U --sslmode M --sslrootcert F\n"
    "--no-password --insecure-tls\n");

// The words after `cdnrec team budget`, sorted: --json, the connection options (for their own
// parser) and the positional arguments. A negative rate such as -5 is an argument to refuse,
// not an option.
struct Words
{
    bool help = false;
    bool json = false;
    QStringList connection{QStringLiteral("cdnrec")};
    QStringList positional;
    QString error; // a usage error
};

// 1: the connection option takes a value, 0: it takes none, -1: not a connection option.
int connectionOptionKind(const TeamCommand::ConnectionOptions &copts, const QString &name)
{
    for (const QCommandLineOption *opt : {&copts.host, &copts.port, &copts.database, &copts.user,
                                          &copts.sslMode, &copts.sslRootCert}) {
        if (opt->names().contains(name))
            return 1;
    }
    for (const QCommandLineOption *opt : {&copts.noPassword, &copts.insecureTls}) {
        if (opt->names().contains(name))
            return 0;
    }
    return -1;
}

Words sortWords(const QStringList &args, const TeamCommand::ConnectionOptions &copts)
{
    Words w;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            w.help = true;
            return w;
        }
        const QString name = a.startsWith(QLatin1String("--"))
                                 ? a.mid(2).section(QLatin1Char('='), 0, 0)
                                 : (a.startsWith(QLatin1Char('-')) ? a.mid(1, 1) : QString());
        const int kind = name.isEmpty() ? -1 : connectionOptionKind(copts, name);
        if (a == QLatin1String("--json")) {
            w.json = true;
        } else if (kind == 0) {
            w.connection << a;
        } else if (kind == 1) {
            w.connection << a;
            const bool inline_ = a.contains(QLatin1Char('=')) ||
                                 (!a.startsWith(QLatin1String("--")) && a.size() > 2);
            if (!inline_) {
                if (i + 1 >= args.size()) {
                    w.error = QStringLiteral("%1 needs a value").arg(a);
                    return w;
                }
                w.connection << args.at(++i);
            }
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1 && !a.at(1).isDigit()) {
            w.error = QStringLiteral("unknown option %1").arg(a);
            return w;
        } else {
            w.positional.append(a);
        }
    }
    return w;
}

// APPID RATE, checked; a usage error otherwise.
QString readSetting(const QStringList &pos, quint32 *appId, double *rate)
{
    bool ok = false;
    const qulonglong id = pos.at(0).toULongLong(&ok);
    if (!ok || id > 0xffffffffULL || pos.at(0).startsWith(QLatin1Char('+')))
        return QStringLiteral("the AppId must be a whole number from 0 to 4294967295, not '%1'")
            .arg(pos.at(0));
    *appId = quint32(id);
    *rate = pos.at(1).toDouble(&ok);
    if (!ok || !std::isfinite(*rate) || *rate <= 0 || *rate > TeamBudget::kMaxBudget)
        return QStringLiteral("the rate must be a number above 0 and at most %1 calls per second "
                              "(ZEGO allows 20 per AppId), not '%2'")
            .arg(TeamBudget::kMaxBudget)
            .arg(pos.at(1));
    return QString();
}

// `cdnrec team budget`, on its connection: the listing or the setting.
class BudgetCommand
{
public:
    BudgetCommand(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}
    int run(const QStringList &arguments);

private:
    void say(const QString &message)
    {
        m_err << "cdnrec team budget: " << message << '\n';
        m_err.flush();
    }
    int usage(const QString &message)
    {
        say(message);
        say(QStringLiteral("see cdnrec team budget --help"));
        return Usage;
    }
    int failed(const QSqlQuery &query)
    {
        const TeamDatabase::Status s = TeamDatabase::classify(query.lastError());
        say(s.message);
        return TeamCommand::exitFor(s.error);
    }
    int set(QSqlQuery &q, quint32 appId, double rate);
    int list(QSqlQuery &q, bool json);
    void printBudget(const QJsonObject &budget, const QJsonArray &leases,
                     const QJsonArray &implausible);

    QTextStream &m_out;
    QTextStream &m_err;
};

int BudgetCommand::run(const QStringList &arguments)
{
    const TeamCommand::ConnectionOptions copts;
    const Words w =
        sortWords(TeamCommand::argumentsAfter(arguments, QLatin1String("budget")), copts);
    if (w.help) {
        m_out << kHelp;
        m_out.flush();
        return Ok;
    }
    if (!w.error.isEmpty())
        return usage(w.error);
    QCommandLineParser parser;
    copts.addTo(parser);
    if (!parser.parse(w.connection))
        return usage(parser.errorText());
    if (w.positional.size() != 0 && w.positional.size() != 2)
        return usage(
            QStringLiteral("give an AppId and a rate to set a budget, or nothing to list"));
    quint32 appId = 0;
    double rate = 0;
    if (w.positional.size() == 2) {
        if (const QString why = readSetting(w.positional, &appId, &rate); !why.isEmpty())
            return usage(why);
        if (w.json)
            return usage(QStringLiteral("--json lists; it does not go with setting a budget"));
    }
    // The connection given (as to init and add-user: the admin's steps in the README's order),
    // else the saved one; with --no-password no keyring is asked.
    TeamConfig config;
    QString password;
    if (const int r = TeamCommand::resolve(parser, copts, &config, &password, m_err,
                                           QStringLiteral("cdnrec team budget: "));
        r != Ok)
        return r;
    const TeamDatabase::Status opened = TeamDatabase::open(config, password, kConnection);
    password.fill(QLatin1Char('\0'));
    struct Closer
    {
        ~Closer() { TeamDatabase::close(kConnection); }
    } closer;
    if (!opened.ok()) {
        say(opened.message);
        return TeamCommand::exitFor(opened.error);
    }
    QSqlQuery q(QSqlDatabase::database(kConnection, false));
    return w.positional.size() == 2 ? set(q, appId, rate) : list(q, w.json);
}

int BudgetCommand::set(QSqlQuery &q, quint32 appId, double rate)
{
    q.prepare(QStringLiteral("SELECT rate FROM cdnrec_budgets WHERE app_id = ?"));
    q.addBindValue(qint64(appId));
    if (!q.exec())
        return failed(q);
    const double before = q.next() ? q.value(0).toDouble() : TeamBudget::kDefaultBudget;
    q.prepare(QStringLiteral(
        "INSERT INTO cdnrec_budgets (app_id, rate) VALUES (?, ?) ON CONFLICT (app_id) DO "
        "UPDATE SET rate = EXCLUDED.rate, set_by = session_user, set_at = now()"));
    q.addBindValue(qint64(appId));
    q.addBindValue(rate);
    if (!q.exec())
        return failed(q);
    m_out << "AppId " << appId << ": budget " << rateText(rate) << " calls/s (was "
          << rateText(before) << "); running jobs follow within a second\n";
    m_out.flush();
    return Ok;
}

// Budgets set, plus the default for AppIds that have live jobs but no budget row.
bool readBudgets(QSqlQuery &q, QJsonArray *budgets)
{
    if (!q.exec(QStringLiteral("SELECT a.app_id, COALESCE(b.rate, %1), b.set_by, "
                               "to_char(b.set_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM "
                               "(SELECT app_id FROM cdnrec_budgets UNION SELECT app_id FROM "
                               "cdnrec_budget_leases) a "
                               "LEFT JOIN cdnrec_budgets b USING (app_id) ORDER BY a.app_id")
                    .arg(TeamBudget::kDefaultBudget)))
        return false;
    while (q.next()) {
        QJsonObject o;
        o.insert(QStringLiteral("appId"), q.value(0).toLongLong());
        const double stored = q.value(1).toDouble();
        // JSON has no NaN or Infinity: an unusable rate is null, flagged.
        o.insert(QStringLiteral("rate"), usableBudget(stored) ? QJsonValue(stored) : QJsonValue());
        if (!usableBudget(stored)) {
            o.insert(QStringLiteral("implausible"), true);
            o.insert(QStringLiteral("rateAsStored"), q.value(1).toString());
        }
        o.insert(QStringLiteral("default"), q.value(2).isNull());
        o.insert(QStringLiteral("setBy"), q.value(2).toString());
        o.insert(QStringLiteral("setAt"), q.value(3).toString());
        budgets->append(o);
    }
    return true;
}

// Only the heartbeat function writes leases; a row it could not have written (by a superuser's
// hand: an infinite or future time, a rate that is no rate; the database's own test,
// cdnrec_lease_plausible) is listed apart as an implausible row, not as a job, and no value of
// one can fail the listing (ages are differences of epochs, which infinite times do not make
// fail; 'infinity' sorts last).
bool readLeases(QSqlQuery &q, QJsonArray *leases, QJsonArray *implausible)
{
    q.prepare(QStringLiteral("SELECT app_id, os_user, host, pid, db_user, granted, wanted, "
                             "(EXTRACT(EPOCH FROM now()) - EXTRACT(EPOCH FROM heartbeat_at))"
                             "::float8, "
                             "(EXTRACT(EPOCH FROM now()) - EXTRACT(EPOCH FROM started_at))"
                             "::float8, public.cdnrec_lease_plausible(l, now()) FROM "
                             "cdnrec_budget_leases l WHERE NOT left_job AND heartbeat_at >= "
                             "now() - make_interval(secs => ?) ORDER BY app_id, started_at"));
    q.addBindValue(TeamBudget::kExpirySecs);
    if (!q.exec())
        return false;
    while (q.next()) {
        QJsonObject o;
        o.insert(QStringLiteral("appId"), q.value(0).toLongLong());
        o.insert(QStringLiteral("osUser"), q.value(1).toString());
        o.insert(QStringLiteral("host"), q.value(2).toString());
        o.insert(QStringLiteral("pid"), q.value(3).toLongLong());
        o.insert(QStringLiteral("dbUser"), q.value(4).toString());
        if (!q.value(9).toBool()) {
            implausible->append(o);
            continue;
        }
        o.insert(QStringLiteral("granted"), q.value(5).toDouble());
        o.insert(QStringLiteral("wanted"), q.value(6).toDouble());
        o.insert(QStringLiteral("heartbeatAgeSecs"), std::round(q.value(7).toDouble() * 10) / 10);
        o.insert(QStringLiteral("runningSecs"), std::round(q.value(8).toDouble()));
        leases->append(o);
    }
    return true;
}

int BudgetCommand::list(QSqlQuery &q, bool json)
{
    QJsonArray budgets;
    if (!readBudgets(q, &budgets))
        return failed(q);
    QJsonArray leases;
    QJsonArray implausible;
    if (!readLeases(q, &leases, &implausible))
        return failed(q);
    if (json) {
        QJsonObject o;
        o.insert(QStringLiteral("budgets"), budgets);
        o.insert(QStringLiteral("jobs"), leases);
        o.insert(QStringLiteral("implausibleRows"), implausible);
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Ok;
    }
    if (budgets.isEmpty()) {
        m_out << "No budget set: every AppId gets " << rateText(TeamBudget::kDefaultBudget)
              << " calls/s. Set one with cdnrec team budget APPID RATE.\n";
    }
    for (const QJsonValue &b : std::as_const(budgets))
        printBudget(b.toObject(), leases, implausible);
    m_out.flush();
    return Ok;
}

void BudgetCommand::printBudget(const QJsonObject &o, const QJsonArray &leases,
                                const QJsonArray &implausible)
{
    const qint64 id = o.value(QStringLiteral("appId")).toInteger();
    m_out << "AppId " << id << ": ";
    if (o.value(QStringLiteral("implausible")).toBool())
        m_out << "implausible budget row (rate as stored: "
              << printable(o.value(QStringLiteral("rateAsStored")).toString()) << ")";
    else
        m_out << rateText(o.value(QStringLiteral("rate")).toDouble()) << " calls/s";
    if (o.value(QStringLiteral("default")).toBool())
        m_out << " (default)";
    else
        m_out << " (set by " << printable(o.value(QStringLiteral("setBy")).toString()) << " at "
              << printable(o.value(QStringLiteral("setAt")).toString()) << " UTC)";
    int jobs = 0;
    for (const QJsonValue &l : leases) {
        const QJsonObject j = l.toObject();
        if (j.value(QStringLiteral("appId")).toInteger() != id)
            continue;
        if (jobs++ == 0)
            m_out << '\n';
        // A job's OS user and host are what its process wrote: shown escaped.
        m_out << "  " << printable(j.value(QStringLiteral("osUser")).toString()) << '@'
              << printable(j.value(QStringLiteral("host")).toString()) << " pid "
              << j.value(QStringLiteral("pid")).toInteger() << ": "
              << rateText(j.value(QStringLiteral("granted")).toDouble()) << " of "
              << rateText(j.value(QStringLiteral("wanted")).toDouble())
              << " calls/s wanted, running " << j.value(QStringLiteral("runningSecs")).toInteger()
              << " s\n";
    }
    if (jobs == 0)
        m_out << ", no job running\n";
    for (const QJsonValue &l : implausible) {
        const QJsonObject j = l.toObject();
        if (j.value(QStringLiteral("appId")).toInteger() != id)
            continue;
        m_out << "  implausible row, not a running job (ignored by the budget): "
              << printable(j.value(QStringLiteral("osUser")).toString()) << '@'
              << printable(j.value(QStringLiteral("host")).toString()) << " pid "
              << j.value(QStringLiteral("pid")).toInteger() << " as "
              << printable(j.value(QStringLiteral("dbUser")).toString()) << '\n';
    }
}

} // namespace

int runTeamBudget(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    return BudgetCommand(out, err).run(arguments);
}

} // namespace cdnrec
