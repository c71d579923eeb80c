package web

import (
	"context"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/dashboard"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/register"
)

// dashStatusChart is the chart of applications by status.
func dashStatusChart(p *Page, counts []dashboard.Count, link string) dashChart {
	rows := make([]dashBar, 0, len(counts))
	for _, c := range counts {
		rows = append(rows, dashBar{Label: p.T("applications.status." + c.Key), Value: c.N, Text: dashNum(p, c.N), Link: link})
	}
	return newChart(p, "chart-status", p.T("dash.chart.by_status"), p.T("dash.col.applications"), rows)
}

// dashDue is a deadline as shown, late when it is past.
func dashDue(p *Page, t *time.Time, now time.Time) (string, bool) {
	if t == nil {
		return p.T("dash.no_deadline"), false
	}
	return p.Date(*t), t.Before(now)
}

func (s *Server) applicantDash(c *gin.Context, p *Page, d *homeData, st *dashboard.Store, sc dashboard.Scopes, now time.Time) error {
	a, err := st.Applicant(c.Request.Context(), sc, now)
	if err != nil {
		return err
	}
	var total int64
	for _, n := range a.ByStatus {
		total += n.N
	}
	d.Figures = []homeFigure{
		{p.T("dash.fig.applications"), dashNum(p, total), "/applications"},
		{p.T("dash.fig.info_requests"), dashNum(p, int64(len(a.InfoRequests))), "/applications"},
		{p.T("dash.fig.reports_due"), dashNum(p, int64(len(a.Reports))), "/grantee-reports"},
		{p.T("dash.fig.grants"), dashNum(p, int64(len(a.Grants))), "/grants"},
	}
	d.TasksTitle = p.T("dash.tasks")
	for _, r := range a.InfoRequests {
		when, late := dashDue(p, r.DueAt, now)
		d.Tasks = append(d.Tasks, homeTask{p.T("dash.task.answer", "ref", r.Reference, "title", r.Title), when,
			"/applications/" + dashID(r.ApplicationID) + "/info-requests", late})
	}
	today := now.Format("2006-01-02")
	for _, r := range a.Reports {
		d.Tasks = append(d.Tasks, homeTask{p.T("dash.task.report", "kind", p.T("reporting.kind."+r.Kind), "contract", r.Contract),
			dashDay(p, r.DueOn), "/grantee-reports/" + dashID(r.ID), r.DueOn < today})
	}
	for _, dl := range a.Deadlines {
		key := "dash.task.call"
		if dl.Drafts > 0 {
			key = "dash.task.call_drafts"
		}
		when, _ := dashDue(p, dl.ClosesAt, now)
		d.Tasks = append(d.Tasks, homeTask{p.T(key, "ref", dl.Reference, "title", dashCallTitle(p.Lang, dl), "n", dl.Drafts), when,
			"/calls/" + dashID(dl.CallID), false})
	}
	d.Charts = append(d.Charts, dashStatusChart(p, a.ByStatus, "/applications"))
	var rows []dashBar
	for _, g := range a.Grants {
		rows = append(rows, dashBar{Label: g.Contract, Value: dashPercent(g.Paid, g.Amount), Fig: p.T("dash.pct", "pct", dashPercent(g.Paid, g.Amount)), Link: "/grants/" + dashID(g.ID),
			Text: p.T("dash.paid_of", "pct", dashPercent(g.Paid, g.Amount), "paid", p.Money(g.Paid, g.Currency),
				"total", p.Money(g.Amount, g.Currency), "due", p.Money(g.Due, g.Currency))})
	}
	if len(rows) > 0 {
		d.Charts = append(d.Charts, newChart(p, "chart-grants", p.T("dash.chart.grants_paid"), p.T("dash.col.paid"), rows))
	}
	return nil
}

func evaluatorDash(ctx context.Context, p *Page, d *homeData, st *dashboard.Store, sc dashboard.Scopes, now time.Time) error {
	e, err := st.Evaluator(ctx, sc)
	if err != nil {
		return err
	}
	d.Figures = []homeFigure{
		{p.T("dash.fig.assigned"), dashNum(p, e.Assigned), "/reviews"},
		{p.T("dash.fig.declared"), dashNum(p, e.Declared), "/reviews"},
		{p.T("dash.fig.scored"), dashNum(p, e.Scored), "/reviews"},
		{p.T("dash.fig.to_do"), dashNum(p, int64(len(e.Pending))), "/reviews"},
	}
	d.TasksTitle = p.T("dash.tasks")
	for _, r := range e.Pending {
		when, late := dashDue(p, r.DueAt, now)
		t := homeTask{p.T("dash.task.score", "ref", r.Reference, "title", r.Title), when, "/assignments/" + dashID(r.AssignmentID) + "/review", late}
		if !r.Declared {
			t.Text, t.Link = p.T("dash.task.declare", "ref", r.Reference, "title", r.Title), "/assignments/"+dashID(r.AssignmentID)+"/declare"
		}
		d.Tasks = append(d.Tasks, t)
	}
	var rows []dashBar
	for _, c := range e.PerCall {
		rows = append(rows, dashBar{Label: c.Reference, Value: dashPercent(c.Scored, c.Assigned), Fig: p.T("dash.pct", "pct", dashPercent(c.Scored, c.Assigned)), Link: "/reviews",
			Text: p.T("dash.n_of", "pct", dashPercent(c.Scored, c.Assigned), "n", c.Scored, "total", c.Assigned)})
	}
	d.Charts = append(d.Charts, newChart(p, "chart-progress", p.T("dash.chart.progress"), p.T("dash.col.scored"), rows))
	return nil
}

func officerDash(ctx context.Context, p *Page, d *homeData, st *dashboard.Store, sc dashboard.Scopes, now time.Time) error {
	o, err := st.Officer(ctx, sc, now)
	if err != nil {
		return err
	}
	var toScreen, eligible int64
	for _, c := range o.Pipeline {
		toScreen += c.ToScreen
		eligible += c.Eligible
	}
	d.Figures = []homeFigure{
		{p.T("dash.fig.to_screen"), dashNum(p, toScreen), "/applications"},
		{p.T("dash.fig.to_assign"), dashNum(p, eligible), "/applications"},
		{p.T("dash.fig.late_reviews"), dashNum(p, int64(len(o.LateReview))), "/applications"},
		{p.T("dash.fig.overdue_reports"), dashNum(p, int64(len(o.Overdue))), "/grantee-reports"},
		{p.T("dash.fig.amendments"), dashNum(p, int64(len(o.Amendments))), "/grants"},
	}
	d.TasksTitle = p.T("dash.tasks")
	for _, r := range o.LateReview {
		d.Tasks = append(d.Tasks, homeTask{p.T("dash.task.late_review", "ref", r.Reference, "name", r.Evaluator), p.Date(r.DueAt),
			"/applications/" + dashID(r.ApplicationID) + "/reviews", true})
	}
	for _, r := range o.Overdue {
		d.Tasks = append(d.Tasks, homeTask{p.T("dash.task.overdue_report", "kind", p.T("reporting.kind."+r.Kind), "contract", r.Contract),
			dashDay(p, r.DueOn), "/grantee-reports/" + dashID(r.ID), true})
	}
	for _, m := range o.Amendments {
		d.Tasks = append(d.Tasks, homeTask{p.T("dash.task.amendment", "kind", p.T("grants.amend.kind."+m.Kind), "contract", m.Contract),
			"", "/grants/" + dashID(m.GrantID), false})
	}
	// Calls with work open come first.
	open := func(c dashboard.Pipeline) bool { return c.ToScreen+c.Eligible+c.Evaluating > 0 }
	slices.SortStableFunc(o.Pipeline, func(a, b dashboard.Pipeline) int {
		switch {
		case open(a) && !open(b):
			return -1
		case open(b) && !open(a):
			return 1
		}
		return 0
	})
	for _, c := range o.Pipeline {
		link := "/calls/" + dashID(c.CallID) + "/applications"
		rows := []dashBar{
			{Label: p.T("dash.step.received"), Value: c.Received, Link: link},
			{Label: p.T("dash.step.to_screen"), Value: c.ToScreen, Link: link},
			{Label: p.T("dash.step.eligible"), Value: c.Eligible, Link: link},
			{Label: p.T("dash.step.evaluating"), Value: c.Evaluating, Link: "/calls/" + dashID(c.CallID) + "/assignments"},
			{Label: p.T("dash.step.awarded"), Value: c.Awarded, Link: link},
		}
		for i := range rows {
			rows[i].Text = dashNum(p, rows[i].Value)
		}
		d.Charts = append(d.Charts, newChart(p, "chart-pipeline-"+dashID(c.CallID), p.T("dash.chart.pipeline", "ref", c.Reference),
			p.T("dash.col.applications"), rows))
	}
	var rows []dashBar
	for _, w := range o.Workload {
		rows = append(rows, dashBar{Label: w.Name, Value: w.Assigned, Fig: dashNum(p, w.Assigned),
			Text: p.T("dash.workload", "n", w.Assigned, "scored", w.Scored)})
	}
	if len(rows) > 0 {
		d.Charts = append(d.Charts, newChart(p, "chart-workload", p.T("dash.chart.workload"), p.T("dash.col.assigned"), rows))
	}
	return nil
}

func financeDash(ctx context.Context, p *Page, d *homeData, st *dashboard.Store, sc dashboard.Scopes, now time.Time) error {
	f, err := st.Finance(ctx, sc, now)
	if err != nil {
		return err
	}
	byStatus := map[string]int64{}
	band := map[string]int64{}
	for _, w := range f.Waiting {
		byStatus[w.Status] += w.N
		band[w.Band] += w.N
	}
	for _, s := range dashboard.WaitingStatuses {
		d.Figures = append(d.Figures, homeFigure{p.T("dash.fig.payments." + s), dashNum(p, byStatus[s]), "/payments"})
	}
	var rows []dashBar
	for _, b := range []string{dashboard.AgeWeek, dashboard.AgeMonth, dashboard.AgeOlder} {
		rows = append(rows, dashBar{Label: p.T("dash.age." + b), Value: band[b], Text: dashNum(p, band[b]), Link: "/payments"})
	}
	d.Charts = append(d.Charts, newChart(p, "chart-waiting", p.T("dash.chart.waiting"), p.T("dash.col.requests"), rows))
	d.Charts = append(d.Charts, dashMoneyChart(p, "chart-paid", f.Programmes, false))
	d.TasksTitle = p.T("dash.tranches")
	for _, t := range f.Tranches {
		d.Tasks = append(d.Tasks, homeTask{p.T("dash.task.tranche", "kind", p.T("grants.kind."+t.Kind), "contract", t.Contract,
			"amount", p.Money(t.Amount, t.Currency)), dashDay(p, t.DueOn), "/grants/" + dashID(t.GrantID), false})
	}
	return nil
}

// dashMoneyChart is paid (or verified) against committed per programme, in
// percent: programmes in different currencies compare that way.
func dashMoneyChart(p *Page, chartID string, progs []dashboard.ProgrammeMoney, verified bool) dashChart {
	var rows []dashBar
	for _, m := range progs {
		part := m.Paid
		if verified {
			part = m.Verified
		}
		rows = append(rows, dashBar{Label: m.Title, Value: dashPercent(part, m.Committed), Fig: p.T("dash.pct", "pct", dashPercent(part, m.Committed)), Link: "/programmes/" + dashID(m.ProgrammeID),
			Text: p.T("dash.money_of", "pct", dashPercent(part, m.Committed), "part", p.Money(part, m.Currency),
				"total", p.Money(m.Committed, m.Currency))})
	}
	title, head := p.T("dash.chart.paid"), p.T("dash.col.paid")
	if verified {
		title, head = p.T("dash.chart.verified"), p.T("dash.col.verified")
	}
	return newChart(p, chartID, title, head, rows)
}

func donorDash(ctx context.Context, p *Page, d *homeData, st *dashboard.Store, sc dashboard.Scopes) error {
	o, err := st.Donor(ctx, sc)
	if err != nil {
		return err
	}
	// The headline amounts add up the programmes per currency; the charts'
	// tables give each programme's.
	type sums struct{ committed, paid, verified int64 }
	var currencies []string
	byCur := map[string]*sums{}
	for _, m := range o.Programmes {
		if byCur[m.Currency] == nil {
			byCur[m.Currency] = &sums{}
			currencies = append(currencies, m.Currency)
		}
		x := byCur[m.Currency]
		x.committed, x.paid, x.verified = x.committed+m.Committed, x.paid+m.Paid, x.verified+m.Verified
	}
	for _, cur := range currencies {
		x := byCur[cur]
		d.Figures = append(d.Figures,
			homeFigure{p.T("dash.fig.committed"), p.Money(x.committed, cur), "/programmes"},
			homeFigure{p.T("dash.fig.paid"), p.Money(x.paid, cur), "/programmes"},
			homeFigure{p.T("dash.fig.verified"), p.Money(x.verified, cur), "/grantee-reports"})
	}
	d.Charts = append(d.Charts, dashMoneyChart(p, "chart-paid", o.Programmes, false), dashMoneyChart(p, "chart-verified", o.Programmes, true))
	var rows []dashBar
	for _, c := range o.ByMunicipality {
		rows = append(rows, dashBar{Label: dashMunicipality(p.Lang, c.Key), Value: c.N, Text: dashNum(p, c.N), Link: "/grants"})
	}
	d.Charts = append(d.Charts, newChart(p, "chart-municipality", p.T("dash.chart.municipality"), p.T("dash.col.grants"), rows))
	rows = nil
	for _, c := range o.ByTargetGroup {
		rows = append(rows, dashBar{Label: p.T("applications.target." + c.Key), Value: c.N, Text: dashNum(p, c.N), Link: "/grants"})
	}
	d.Charts = append(d.Charts, newChart(p, "chart-target", p.T("dash.chart.target_group"), p.T("dash.col.grants"), rows))
	rows = nil
	for _, r := range o.Beneficiaries {
		rows = append(rows, dashBar{Label: p.T("applications.target." + r.TargetGroup), Value: dashPercent(r.Reached, r.Target), Fig: p.T("dash.pct", "pct", dashPercent(r.Reached, r.Target)),
			Text: p.T("dash.reached", "pct", dashPercent(r.Reached, r.Target), "n", r.Reached, "total", r.Target), Link: "/grantee-reports"})
	}
	d.Charts = append(d.Charts, newChart(p, "chart-reach", p.T("dash.chart.reach"), p.T("dash.col.reached"), rows))
	// The evaluation results of its calls, on the page the donor opens.
	d.TasksTitle = p.T("dash.results")
	for _, r := range o.Results {
		base := "/calls/" + dashID(r.CallID)
		stage := p.T("reviews.stage." + r.Stage)
		d.Tasks = append(d.Tasks,
			homeTask{Text: p.T("dash.task.ranking", "ref", r.Reference, "stage", stage), Link: base + "/ranking?stage=" + r.Stage},
			homeTask{Text: p.T("dash.task.eval_report", "ref", r.Reference, "stage", stage), Link: base + "/evaluation-report.pdf?stage=" + r.Stage},
			homeTask{Text: p.T("dash.task.workbook", "ref", r.Reference, "stage", stage), Link: base + "/ranking.xlsx?stage=" + r.Stage})
	}
	return nil
}

func adminDash(ctx context.Context, p *Page, d *homeData, st *dashboard.Store) error {
	a, err := st.Admin(ctx)
	if err != nil {
		return err
	}
	var users int64
	var rows []dashBar
	for _, c := range a.UsersByRole {
		users += c.N
		rows = append(rows, dashBar{Label: p.T("auth.role." + c.Key), Value: c.N, Text: dashNum(p, c.N), Link: "/admin/users"})
	}
	d.Figures = []homeFigure{
		{p.T("dash.fig.users"), dashNum(p, users), "/admin/users"},
		{p.T("dash.fig.unverified"), dashNum(p, a.Unverified), "/organisations?verified=0"},
		{p.T("dash.fig.mail_failed"), dashNum(p, a.Outbox.Failed), "/admin/outbox"},
		{p.T("dash.fig.mail_waiting"), dashNum(p, a.Outbox.Waiting), "/admin/outbox"},
	}
	d.Charts = append(d.Charts, newChart(p, "chart-users", p.T("dash.chart.users"), p.T("dash.col.users"), rows))
	return nil
}

// donorMaps puts on the donor officer's dashboard the tile map of the
// published sub-grants of its own programmes (sc: its grants scope), one
// per country that has any, Kosovo's when none has; the register and
// /map hold the links, so the squares here do not link.
func (s *Server) donorMaps(c *gin.Context, p *Page, d *homeData, sc access.Scope) error {
	for _, country := range place.Countries {
		values, _, _, err := s.grantValues(c.Request.Context(), sc, register.Filter{Country: country}, measureCount, "")
		if err != nil {
			return err
		}
		if len(values) > 0 {
			d.Maps = append(d.Maps, tileMap(p, country, measureCount, "", values, nil, ""))
		}
	}
	if len(d.Maps) == 0 {
		d.Maps = append(d.Maps, tileMap(p, place.Kosovo, measureCount, "", nil, nil, ""))
	}
	return nil
}
