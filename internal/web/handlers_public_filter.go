package web

import (
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/register"
)

// Requests a client may make a minute: pages of the register and map, and
// downloads (each reads up to register.MaxExport rows).
const (
	publicPageLimit     = 120
	publicDownloadLimit = 20
	publicMaxParam      = 64 // longer query values are refused as they stand
)

// publicQuery is a query value, cut off at publicMaxParam bytes.
func publicQuery(c *gin.Context, name string) string {
	v := c.Query(name)
	if len(v) > publicMaxParam {
		return v[:publicMaxParam]
	}
	return v
}

// publicID parses an id of a filter that must be one of choices ("" is 0).
func publicID(f *Form, name, raw string, choices []register.Choice, errKey string) int64 {
	if raw == "" {
		return 0
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err == nil && slices.ContainsFunc(choices, func(ch register.Choice) bool { return ch.ID == id }) {
		return id
	}
	f.Errors.Add(name, errKey)
	return 0
}

// registerFilter reads the register's filters from the query into f's
// values, adding a field error for each value that is not one the page
// offers; such a value filters nothing.
func registerFilter(c *gin.Context, f *Form, opts register.Options) register.Filter {
	for _, k := range []string{"programme", "donor", "municipality", "year", "sort", "dir"} {
		f.Values[k] = publicQuery(c, k)
	}
	var rf register.Filter
	rf.ProgrammeID = publicID(f, "programme", f.Values["programme"], opts.Programmes, "public.error.programme")
	rf.DonorID = publicID(f, "donor", f.Values["donor"], opts.Donors, "public.error.donor")
	if m := f.Values["municipality"]; m != "" {
		if place.Valid(m) {
			rf.Municipality = m
		} else {
			f.Errors.Add("municipality", "public.error.municipality")
		}
	}
	if y := f.Values["year"]; y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1990 || n > 2200 {
			f.Errors.Add("year", "public.error.year")
		} else {
			rf.Year = n
		}
	}
	if slices.Contains(register.Sorts, f.Values["sort"]) {
		rf.Sort = f.Values["sort"]
		rf.Desc = f.Values["dir"] == "desc"
	}
	if n, err := strconv.Atoi(publicQuery(c, "page")); err == nil && n > 0 {
		rf.Page = n
	}
	return rf
}

// registerQuery is the query string of filter values vals with extra set
// ("" removes a key).
func registerQuery(vals map[string]string, extra ...string) string {
	q := url.Values{}
	for _, k := range []string{"programme", "donor", "municipality", "year", "sort", "dir"} {
		if vals[k] != "" {
			q.Set(k, vals[k])
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			q.Del(extra[i])
		} else {
			q.Set(extra[i], extra[i+1])
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// publicMuniGroup is an optgroup of one country's municipalities.
type publicMuniGroup struct {
	Label   string
	Options []OptionView
}

// publicMuniSelect is the muni_select partial's data.
type publicMuniSelect struct {
	FieldView
	Blank  string
	Groups []publicMuniGroup
}

// publicMuniField builds a municipality select, blank labelled blankKey,
// names in the page's language in the order of their names.
func publicMuniField(f *Form, name, labelKey, blankKey string) publicMuniSelect {
	p := f.page
	v := publicMuniSelect{FieldView: f.Field(name, "select", labelKey), Blank: p.T(blankKey)}
	for _, country := range place.Countries {
		g := publicMuniGroup{Label: p.T("place.country." + country)}
		for _, m := range place.Municipalities(country) {
			g.Options = append(g.Options, OptionView{Value: m.Code, Label: m.Name(string(p.Lang)), Selected: m.Code == f.Values[name]})
		}
		slices.SortStableFunc(g.Options, func(a, b OptionView) int { return publicCollate(a.Label, b.Label) })
		v.Groups = append(v.Groups, g)
	}
	return v
}

// publicChoices are the options of a select of ids, blank first.
func publicChoices(f *Form, name, labelKey, blankKey string, choices []register.Choice) FieldView {
	v := f.Field(name, "select", labelKey)
	v.Options = append(v.Options, OptionView{Value: "", Label: f.page.T(blankKey), Selected: f.Values[name] == ""})
	for _, ch := range choices {
		id := strconv.FormatInt(ch.ID, 10)
		v.Options = append(v.Options, OptionView{Value: id, Label: ch.Name, Selected: f.Values[name] == id})
	}
	return v
}

// publicStart is how every public register request begins: the client's
// request cap for kind, the public scope (narrowed to a donor officer's
// programmes) and the filters' options. false: it has answered.
func (s *Server) publicStart(c *gin.Context, kind string, limit int) (access.Scope, *register.Store, register.Options, bool) {
	if !s.withinLimit(c, kind, limit) {
		return access.Scope{}, nil, register.Options{}, false
	}
	sc := access.Public(principalOf(c))
	st := s.registerStore()
	opts, err := st.Options(c.Request.Context(), sc)
	if err != nil {
		s.fail(c, err)
		return access.Scope{}, nil, register.Options{}, false
	}
	return sc, st, opts, true
}
