package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// perm is the permission a route requires: public, signed in (acting on the
// user's own account), or a Casbin object and action.
type perm struct {
	Public   bool
	SignedIn bool
	Obj, Act string
}

var (
	public   = perm{Public: true}
	signedIn = perm{SignedIn: true}
)

func can(obj, act string) perm { return perm{Obj: obj, Act: act} }

// Body limits per group of routes (413 beyond them).
const (
	formLimit = 64 << 10
	apiLimit  = 1 << 20
)

// route is one line of the route table.
type route struct {
	Method  string
	Path    string
	Perm    perm
	Limit   int64 // request body limit in bytes; 0 means formLimit
	Handler gin.HandlerFunc
}

// routes is the sitemap of the portal: the foundation's routes below, then
// each area's table (routes_<area>.go), every route with its permission.
func (s *Server) routes() []route {
	var all []route
	for _, area := range [][]route{
		s.foundationRoutes(),
		s.homeRoutes(), // issue 11: the administrator's status page
		s.programmeRoutes(),
		s.organisationRoutes(),
		s.applicationRoutes(),
		s.gridRoutes(),
		s.committeeRoutes(),
		s.reviewRoutes(),
		s.awardRoutes(),
		s.twoFactorRoutes(),
		s.auditRoutes(),
		s.reportingRoutes(), // issue 9: grantee reports
		s.paymentRoutes(),
		s.grantRoutes(),
		s.exportRoutes(),       // issue 10: open data
		s.findocRoutes(),       // issue 10: financial summary and grant statement PDFs
		s.reportRoutes(),       // issue 10: donor reports
		s.notificationRoutes(), // issue 12: in-app notifications, e-mail preferences, the outbox
		s.searchRoutes(),       // issue 12: the search box
		s.importRoutes(),       // issue 12: import of organisations and evaluators
		s.bulkRoutes(),         // issue 12: bulk actions
		s.publicRoutes(),       // issue 12: the public register and map
	} {
		all = append(all, area...)
	}
	return all
}

func (s *Server) foundationRoutes() []route {
	return []route{
		// Public pages and plumbing.
		{http.MethodGet, "/", public, 0, s.landing},
		{http.MethodGet, "/healthz", public, 0, s.healthz},
		{http.MethodGet, "/static/*filepath", public, 0, s.static},
		{http.MethodPost, "/language", public, 0, s.setLanguage},
		{http.MethodGet, "/login", public, 0, s.loginForm},
		{http.MethodPost, "/login", public, 0, s.login},
		{http.MethodGet, "/password/forgot", public, 0, s.forgotForm},
		{http.MethodPost, "/password/forgot", public, 0, s.forgot},
		{http.MethodGet, "/password/reset", public, 0, s.resetForm},
		{http.MethodPost, "/password/reset", public, 0, s.reset},

		// The signed-in user's own account.
		{http.MethodPost, "/logout", signedIn, 0, s.logout},
		{http.MethodGet, "/account", signedIn, 0, s.account},
		{http.MethodGet, "/account/password", signedIn, 0, s.passwordForm},
		{http.MethodPost, "/account/password", signedIn, 0, s.changePassword},
		{http.MethodGet, "/account/tokens", signedIn, 0, s.tokens},
		{http.MethodPost, "/account/tokens", signedIn, 0, s.createToken},
		{http.MethodPost, "/account/tokens/:id/revoke", signedIn, 0, s.revokeToken},

		// Home page per role.
		{http.MethodGet, "/home", can("home", "view"), 0, s.home},

		// Users and roles.
		{http.MethodGet, "/admin/users", can("user", "view"), 0, s.users},
		{http.MethodGet, "/admin/users/new", can("user", "create"), 0, s.newUserForm},
		{http.MethodPost, "/admin/users", can("user", "create"), 0, s.createUser},
		{http.MethodPost, "/admin/users/:id/disable", can("user", "edit"), 0, s.disableUser},
		{http.MethodPost, "/admin/users/:id/enable", can("user", "edit"), 0, s.enableUser},

		// Operations.
		{http.MethodGet, "/metrics", can("system", "view"), 0, s.metricsPage},

		// JSON API (same permissions as the pages).
		{http.MethodGet, "/api/v1/openapi.json", public, 0, s.openAPI},
		{http.MethodGet, "/api/v1/me", signedIn, apiLimit, s.apiMe},
		{http.MethodGet, "/api/v1/users", can("user", "view"), apiLimit, s.apiUsers},
		{http.MethodPost, "/api/v1/users", can("user", "create"), apiLimit, s.apiCreateUser},
	}
}

// RouteInfo describes a route of the table for tests and documentation.
type RouteInfo struct {
	Method, Path string
	Permission   string // "public", "signed-in" or "object:action"
}

// RouteTable lists the route table.
func (s *Server) RouteTable() []RouteInfo {
	var out []RouteInfo
	for _, r := range s.routes() {
		p := r.Perm.Obj + ":" + r.Perm.Act
		switch {
		case r.Perm.Public:
			p = "public"
		case r.Perm.SignedIn:
			p = "signed-in"
		case r.Perm.Obj == "" || r.Perm.Act == "":
			p = ""
		}
		out = append(out, RouteInfo{Method: r.Method, Path: r.Path, Permission: p})
	}
	return out
}
