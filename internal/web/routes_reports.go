package web

import "net/http"

// reportRoutes: the downloadable reports (issue 10). The reports page and
// the background jobs need donor_report:list; each report of the registry
// has its own route, page and API, guarded by donor_report:<name>, so a
// role reaches exactly the reports policy.csv gives it. A job is read only
// by its requester and users of the same scope (access.ReportJobs).
func (s *Server) reportRoutes() []route {
	rs := []route{
		{http.MethodGet, "/reports", can(reportObject, "list"), 0, s.reportsPage},
		{http.MethodGet, "/reports/jobs/:id", can(reportObject, "list"), 0, s.reportJobPage},
		{http.MethodGet, "/reports/jobs/:id/file", can(reportObject, "list"), 0, s.reportJobFile},
	}
	for _, rep := range s.reportRegistry().List() {
		rs = append(rs,
			route{http.MethodGet, "/reports/" + rep.Name, can(reportObject, rep.Name), 0, s.reportDownload(rep.Name)},
			route{http.MethodPost, "/reports/" + rep.Name + "/jobs", can(reportObject, rep.Name), 0, s.reportEnqueue(rep.Name)},
			route{http.MethodGet, "/api/v1/reports/" + rep.Name, can(reportObject, rep.Name), apiLimit, s.apiReport(rep.Name)},
		)
	}
	return rs
}
