package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/place"
)

type orgListData struct {
	Items          []org.Summary
	Total          int
	Page, Pages    int
	PrevURL        string
	NextURL        string
	Verified       string
	Municipalities []orgMuniGroup
}

// orgFilter reads the list filter from the query; a bad value is reported
// as the name of its field.
func orgFilter(c *gin.Context) (org.Filter, string) {
	f := org.Filter{Municipality: c.Query("municipality"), Query: c.Query("q")}
	if f.Municipality != "" && !place.Valid(f.Municipality) {
		return f, "municipality"
	}
	switch c.Query("verified") {
	case "":
	case "1", "true":
		v := true
		f.Verified = &v
	case "0", "false":
		v := false
		f.Verified = &v
	default:
		return f, "verified"
	}
	return f, ""
}

// orgList lists the organisations in the user's scope: all for officers,
// the user's own for applicants.
func (s *Server) orgList(c *gin.Context) {
	sc := requestScope(c)
	p := s.newPage(c, "org.list_title")
	form := newForm(p, "q", "municipality", "verified")
	for _, k := range []string{"q", "municipality", "verified"} {
		form.Values[k] = c.Query(k)
	}
	d := orgListData{Verified: c.Query("verified"), Municipalities: orgMuniGroups(p, c.Query("municipality"))}
	filter, bad := orgFilter(c)
	pageNo, perPage, ok := paging(c)
	if bad != "" || !ok {
		form.Errors.Add(firstNonEmpty(bad, "page"), "org.error.filter")
		p.Data = d
		s.render(c, http.StatusUnprocessableEntity, "organisations/list", p)
		return
	}
	items, total, err := s.orgs().List(c.Request.Context(), sc, filter, perPage, (pageNo-1)*perPage)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Items, d.Total, d.Page, d.Pages = items, total, pageNo, (total+perPage-1)/perPage
	q := c.Request.URL.Query()
	if pageNo > 1 {
		d.PrevURL = pageURL(q, pageNo-1)
	}
	if pageNo < d.Pages {
		d.NextURL = pageURL(q, pageNo+1)
	}
	p.Data = d
	s.render(c, http.StatusOK, "organisations/list", p)
}

func pageURL(q url.Values, n int) string {
	q.Set("page", strconv.Itoa(n))
	return "/organisations?" + q.Encode()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// orgMine sends an applicant to its organisation's profile.
func (s *Server) orgMine(c *gin.Context) {
	sc := requestScope(c)
	for _, id := range principalOf(c).OrgIDs {
		if _, err := s.orgs().Get(c.Request.Context(), sc, id); err == nil {
			c.Redirect(http.StatusSeeOther, "/organisations/"+strconv.FormatInt(id, 10))
			return
		}
	}
	s.notFound(c)
}

type orgServicesData struct {
	Municipality string
	Listings     []org.Listing
	Counts       []orgServiceCount
	Capacity     int
	Beneficiary  int
	Select       orgMuniSelect
}

type orgServiceCount struct {
	Code, Name string
	N          int
}

// orgServices is the directory of social services by municipality: with
// ?municipality=CODE the services run there, else how many per municipality.
func (s *Server) orgServices(c *gin.Context) {
	sc := requestScope(c)
	var err error
	p := s.newPage(c, "org.services_title")
	f := newForm(p, "municipality")
	code := c.Query("municipality")
	f.Values["municipality"] = code
	d := orgServicesData{Municipality: code}
	status := http.StatusOK
	switch {
	case code != "" && !place.Valid(code):
		f.Errors.Add("municipality", "org.error.municipality")
		status = http.StatusUnprocessableEntity
	case code != "":
		if d.Listings, err = s.orgs().ServicesIn(c.Request.Context(), sc, code); err != nil {
			s.fail(c, err)
			return
		}
		for _, l := range d.Listings {
			d.Capacity += l.Capacity
			d.Beneficiary += l.BeneficiariesPerYear
		}
	}
	counts, err := s.orgs().ServiceCounts(c.Request.Context(), sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, m := range place.Municipalities("") {
		if n := counts[m.Code]; n > 0 {
			d.Counts = append(d.Counts, orgServiceCount{Code: m.Code, Name: m.Name(string(p.Lang)), N: n})
		}
	}
	d.Select = f.orgMuniField("municipality", "org.municipality")
	p.Data = d
	s.render(c, status, "organisations/services", p)
}
