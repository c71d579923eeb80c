package web

import "net/http"

// reportRoutes: the downloadable reports (issue 10). Every route needs
// donor_report:list; a report then answers only a role whose policy names
// it (donor_report:<name>, see reportFor) and reads rows under that
// relation, so a role reaches exactly the reports policy.csv gives it. A
// job is read only by its requester and users of the same scope
// (access.ReportJobs).
func (s *Server) reportRoutes() []route {
	return []route{
		{http.MethodGet, "/reports", can(reportObject, "list"), 0, s.reportsPage},
		{http.MethodGet, "/reports/:name", can(reportObject, "list"), 0, s.reportDownload},
		{http.MethodPost, "/reports/:name/jobs", can(reportObject, "list"), 0, s.reportEnqueue},
		{http.MethodGet, "/report-jobs/:id", can(reportObject, "list"), 0, s.reportJobPage},
		{http.MethodGet, "/report-jobs/:id/file", can(reportObject, "list"), 0, s.reportJobFile},

		// API.
		{http.MethodGet, "/api/v1/reports/:name", can(reportObject, "list"), apiLimit, s.apiReport},
	}
}
