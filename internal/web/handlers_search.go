package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/search"
)

// Hits per kind on the first results page, and on one kind's own pages.
const (
	searchFirst   = 5
	searchPerPage = 25
)

// searchObjects is the policy object whose view relation scopes each kind.
var searchObjects = map[search.Kind]string{
	search.Organisations: "organisation", search.Applications: "application",
	search.Grants: "grant", search.PaymentRequests: "payment_request",
}

// searchPaths is the page of each kind a hit links to.
var searchPaths = map[search.Kind]string{
	search.Organisations: "/organisations/", search.Applications: "/applications/",
	search.Grants: "/grants/", search.PaymentRequests: "/payments/",
}

type searchHitView struct {
	Href, Reference, Title, Detail, Status string
	Exact                                  bool
}

type searchGroupView struct {
	Kind, Heading string
	Total         int
	Hits          []searchHitView
	More          string // the kind's own pages, when it has more hits than shown
}

type searchPageData struct {
	Query    string // as typed (clipped), for the box
	Searched bool   // the query had words and was run
	NoWords  bool   // something was typed, but no letter or digit
	Kind     string // one kind's pages, or ""
	Total    int
	Groups   []searchGroupView
	Pager    pagerView
}

// searchScopes are the scopes of the request's principal for each kind, by
// the relation its role is granted to view that object (none: not searched).
func (s *Server) searchScopes(c *gin.Context) search.Scopes {
	p := principalOf(c)
	grant := s.grant(currentUser(c).Role)
	out := search.Scopes{}
	for k, obj := range searchObjects {
		if rel, ok := grant(obj, "view"); ok {
			out[k] = access.For(p, rel)
		}
	}
	return out
}

// searchQuery reads ?q=, ?kind= and ?page=; a kind or page that makes no
// sense is ignored rather than refused.
func searchQuery(c *gin.Context) (string, search.Query) {
	raw := c.Query("q")
	q := search.Query{Terms: search.Parse(raw), PerPage: searchFirst, Page: 1}
	if k, ok := search.KindOf(c.Query("kind")); ok {
		q.Kind, q.PerPage = k, searchPerPage
		if n, err := strconv.Atoi(c.Query("page")); err == nil && n > 1 && n < 100000 {
			q.Page = n
		}
	}
	return raw, q
}

// searchPage is the results page, grouped by kind; with no query it is the
// form alone.
func (s *Server) searchPage(c *gin.Context) {
	raw, q := searchQuery(c)
	p := s.newPage(c, "search.title")
	d := searchPageData{Query: clipQuery(raw), Kind: string(q.Kind)}
	d.NoWords = strings.TrimSpace(raw) != "" && q.Terms.Empty()
	if !q.Terms.Empty() {
		groups, err := search.Find(c.Request.Context(), s.db, s.searchScopes(c), q)
		if err != nil {
			s.respondError(c, err)
			return
		}
		d.Searched = true
		for _, g := range groups {
			d.Total += g.Total
			d.Groups = append(d.Groups, s.searchGroup(p, raw, g, q.Kind == ""))
		}
		if q.Kind != "" && len(groups) == 1 {
			g := groups[0]
			d.Pager = pagerOf(c, application.Page{Total: g.Total, Page: g.Page, PerPage: g.PerPage})
			p.Step("search.title", "/search?"+url.Values{"q": {raw}}.Encode())
		}
	}
	p.Data = d
	s.render(c, http.StatusOK, "search/results", p)
}

// clipQuery is the query as the box shows it again: no longer than a
// search reads.
func clipQuery(raw string) string {
	r := []rune(raw)
	if len(r) > search.MaxQueryRunes {
		r = r[:search.MaxQueryRunes]
	}
	return string(r)
}

func (s *Server) searchGroup(p *Page, raw string, g search.Group, first bool) searchGroupView {
	v := searchGroupView{Kind: string(g.Kind), Heading: p.T("search.kind." + string(g.Kind)), Total: g.Total}
	for _, h := range g.Hits {
		v.Hits = append(v.Hits, searchHit(p, h))
	}
	if first && g.Total > len(g.Hits) {
		v.More = "/search?" + url.Values{"q": {raw}, "kind": {string(g.Kind)}}.Encode()
	}
	return v
}

func searchHit(p *Page, h search.Hit) searchHitView {
	v := searchHitView{Href: searchPaths[h.Kind] + strconv.FormatInt(h.ID, 10), Reference: h.Reference,
		Title: h.Title, Exact: h.Exact}
	switch h.Kind {
	case search.Organisations:
		if m, ok := place.Lookup(h.Municipality); ok {
			v.Detail = m.Name(string(p.Lang))
		}
	case search.Applications:
		v.Detail, v.Status = h.Org, p.T("applications.status."+h.Status)
		if v.Title == "" {
			v.Title = p.T("search.untitled")
		}
	case search.Grants:
		v.Detail, v.Status = h.Org, p.T("grants.status."+h.Status)
	case search.PaymentRequests:
		v.Title = p.T("search.payment_title", "n", h.ID, "amount", p.Money(h.AmountMinor, h.Currency))
		v.Detail, v.Status = h.Org, p.T("payments.status."+h.Status)
	}
	return v
}
