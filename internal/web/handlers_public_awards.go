package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/register"
)

// publicAwardsData is the register page.
type publicAwardsData struct {
	Programme, Donor, Year FieldView
	Municipality           publicMuniSelect
	Result                 register.Result
	Rows                   []publicAwardRow
	Totals                 []publicTotal
	Columns                []publicColumn
	Pager                  pagerView
	CSV, XLSX, Clear       string
	Map                    tileMapView
	MapLinks               []publicLink // the map of the other country, the full map page
}

type publicAwardRow struct {
	Contract, Organisation, Municipality, Title, Programme, Donor string
	Amount, Period, Signed                                        string
}

type publicTotal struct{ Count, Amount string }

// publicColumn is a heading of the register's table: sortable ones link
// to their order and say which way they sort (aria-sort).
type publicColumn struct {
	Label, Href, Sort string // Sort: "ascending", "descending" or ""
	Num               bool
}

type publicLink struct{ Label, Href string }

// publicAwards is the register of awarded sub-grants: filters, counts and
// totals per currency, a sortable page of the published awards, the
// downloads of the filtered list and the map of the filtered awards.
func (s *Server) publicAwards(c *gin.Context) {
	ctx := c.Request.Context()
	sc, st, opts, ok := s.publicStart(c, "public", publicPageLimit)
	if !ok {
		return
	}
	p := s.newPage(c, "public.awards.title")
	f := newForm(p, "programme", "donor", "municipality", "year")
	rf := registerFilter(c, f, opts)
	res, err := st.List(ctx, sc, rf)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := publicAwardsData{Result: res, CSV: "/awards.csv" + registerQuery(f.Values), XLSX: "/awards.xlsx" + registerQuery(f.Values),
		Clear: "/awards"}
	d.Programme = publicChoices(f, "programme", "public.col.programme", "public.all_programmes", opts.Programmes)
	d.Donor = publicChoices(f, "donor", "public.col.donor", "public.all_donors", opts.Donors)
	d.Year = f.Field("year", "select", "public.year")
	d.Year.Options = []OptionView{{Value: "", Label: p.T("public.all_years"), Selected: f.Values["year"] == ""}}
	for _, y := range opts.Years {
		v := strconv.Itoa(y)
		d.Year.Options = append(d.Year.Options, OptionView{Value: v, Label: v, Selected: f.Values["year"] == v})
	}
	d.Municipality = publicMuniField(f, "municipality", "public.col.municipality", "public.all_municipalities")
	for _, a := range res.Awards {
		d.Rows = append(d.Rows, publicRow(p, a))
	}
	for _, t := range res.Totals {
		d.Totals = append(d.Totals, publicTotal{Count: p.N("public.awards.count", t.Count), Amount: p.Money(t.AmountMinor, t.Currency)})
	}
	d.Columns = publicColumns(p, f.Values)
	d.Pager = publicPager(c, res.Page, res.Pages, res.Count)
	if err := s.publicAwardsMap(c, p, sc, rf, f.Values, &d); err != nil {
		s.fail(c, err)
		return
	}
	p.Data = d
	status := http.StatusOK
	if f.HasErrors() {
		status = http.StatusUnprocessableEntity
	}
	s.render(c, status, "public/awards", p)
}

// publicAwardsMap puts on the register the map of its filtered awards in
// one country: the chosen municipality's, else ?country=, else Kosovo.
func (s *Server) publicAwardsMap(c *gin.Context, p *Page, sc access.Scope, rf register.Filter, vals map[string]string, d *publicAwardsData) error {
	country := place.Kosovo
	if publicQuery(c, "country") == place.Albania {
		country = place.Albania
	}
	if m, ok := place.Lookup(rf.Municipality); ok {
		country = m.Country
	}
	rf.Country, rf.Municipality = country, ""
	values, _, _, err := s.grantValues(c.Request.Context(), sc, rf, measureCount, "")
	if err != nil {
		return err
	}
	href := func(code string) string {
		return "/awards" + registerQuery(vals, "municipality", code, "page", "") + "#register"
	}
	d.Map = tileMap(p, country, measureCount, "", values, href, vals["municipality"])
	for _, other := range place.Countries {
		if other != country {
			d.MapLinks = append(d.MapLinks, publicLink{Label: p.T("public.map.show_country", "country", p.T("place.country."+other)),
				Href: "/awards" + registerQuery(vals, "municipality", "", "country", other) + "#map"})
		}
	}
	d.MapLinks = append(d.MapLinks, publicLink{Label: p.T("public.map.open"), Href: "/map?country=" + country})
	return nil
}

// publicRow is an award as the register's table shows it.
func publicRow(p *Page, a register.Award) publicAwardRow {
	r := publicAwardRow{Contract: a.Contract, Organisation: a.Organisation, Title: a.Title, Programme: a.Programme, Donor: a.Donor,
		Amount: p.Money(a.AmountMinor, a.Currency), Signed: p.Date(a.SignedAt)}
	if m, ok := place.Lookup(a.Municipality); ok {
		r.Municipality = m.Name(string(p.Lang))
	}
	from, err1 := time.Parse("2006-01-02", a.StartsOn)
	to, err2 := time.Parse("2006-01-02", a.EndsOn)
	if err1 == nil && err2 == nil {
		r.Period = p.T("public.period", "from", p.Date(from), "to", p.Date(to))
	}
	return r
}

// publicColumns are the table's headings; a sortable one links to its
// order, ascending first, descending when it is already ascending.
func publicColumns(p *Page, vals map[string]string) []publicColumn {
	cols := []struct {
		key, sort string
		num       bool
	}{{"contract", "", false}, {"organisation", "organisation", false}, {"municipality", "municipality", false},
		{"title", "", false}, {"programme", "programme", false}, {"donor", "", false}, {"amount", "amount", true},
		{"period", "starts", false}, {"signed", "signed", false}}
	out := make([]publicColumn, 0, len(cols))
	sort, desc := vals["sort"], vals["dir"] == "desc"
	if sort == "" {
		sort, desc = "signed", true // the register's default order
	}
	for _, col := range cols {
		v := publicColumn{Label: p.T("public.col." + col.key), Num: col.num}
		if col.sort != "" {
			dir := "asc"
			if sort == col.sort {
				v.Sort = "ascending"
				if desc {
					v.Sort = "descending"
				} else {
					dir = "desc"
				}
			}
			v.Href = "/awards" + registerQuery(vals, "sort", col.sort, "dir", dir, "page", "") + "#register"
		}
		out = append(out, v)
	}
	return out
}

// publicPager links the register's pages, keeping its filters.
func publicPager(c *gin.Context, page, pages, total int) pagerView {
	v := pagerView{Page: page, Pages: pages, Total: total}
	link := func(n int) string {
		q := c.Request.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return c.Request.URL.Path + "?" + q.Encode() + "#register"
	}
	if page > 1 {
		v.Prev = link(page - 1)
	}
	if page < pages {
		v.Next = link(page + 1)
	}
	return v
}
