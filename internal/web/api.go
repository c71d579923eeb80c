package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
)

// fieldProblem is one invalid field of an API body.
type fieldProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// problemDoc is an RFC 9457 problem document.
type problemDoc struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance"`
	RequestID string         `json:"request_id"`
	Errors    []fieldProblem `json:"errors,omitempty"`
}

// problem answers with application/problem+json in the caller's language.
func (s *Server) problem(c *gin.Context, status int, key string, fields map[string]string) {
	lang := s.lang(c)
	doc := problemDoc{
		Type:      "about:blank",
		Title:     s.cat.T(lang, titleFor(status)),
		Status:    status,
		Detail:    s.cat.T(lang, key),
		Instance:  c.Request.URL.Path,
		RequestID: requestID(c),
	}
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		doc.Errors = append(doc.Errors, fieldProblem{Field: f, Code: fields[f], Message: s.cat.T(lang, fields[f])})
	}
	b, _ := json.Marshal(doc)
	c.Abort()
	c.Data(status, "application/problem+json", b)
}

// decodeJSON reads a JSON body strictly; it answers the problem itself and
// reports false on a bad or oversized body.
func (s *Server) decodeJSON(c *gin.Context, dst any) bool {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.tooLarge(c)
			return false
		}
		s.problem(c, http.StatusBadRequest, "error.bad_json", nil)
		return false
	}
	// A NUL character cannot be stored in PostgreSQL text: refuse it here.
	if bytes.Contains(bytes.ToLower(body), []byte(`\u0000`)) {
		s.problem(c, http.StatusBadRequest, "error.bad_json", nil)
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil || dec.More() {
		s.problem(c, http.StatusBadRequest, "error.bad_json", nil)
		return false
	}
	return true
}

// decodeJSONObject is decodeJSON for a body that replaces a whole object:
// it must be a JSON object carrying every one of the fields, so that
// `null`, `{}` or a forgotten key cannot blank what is stored. A missing
// field is a 422 naming it.
func (s *Server) decodeJSONObject(c *gin.Context, dst any, fields ...string) bool {
	var raw json.RawMessage
	if !s.decodeJSON(c, &raw) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		s.problem(c, http.StatusBadRequest, "error.bad_json", nil)
		return false
	}
	var present map[string]json.RawMessage
	_ = json.Unmarshal(raw, &present) // null leaves it empty: every field is missing
	missing := map[string]string{}
	for _, f := range fields {
		if _, ok := present[f]; !ok {
			missing[f] = "hardening.error.field_missing"
		}
	}
	if len(missing) > 0 {
		s.problem(c, http.StatusUnprocessableEntity, "hardening.error.fields_missing", missing)
		return false
	}
	return true
}

// page is the envelope of every list endpoint.
type page[T any] struct {
	Items   []T `json:"items"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
	Total   int `json:"total"`
}

// paging reads ?page= and ?per_page= (1-based, at most 200 a page).
func paging(c *gin.Context) (pageNo, perPage int, ok bool) {
	pageNo, perPage = 1, 50
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, false
		}
		pageNo = n
	}
	if v := c.Query("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return 0, 0, false
		}
		perPage = n
	}
	return pageNo, perPage, true
}

func slicePage[T any](all []T, pageNo, perPage int) page[T] {
	start := (pageNo - 1) * perPage
	if start > len(all) {
		start = len(all)
	}
	end := min(start+perPage, len(all))
	items := all[start:end]
	if items == nil {
		items = []T{}
	}
	return page[T]{Items: items, Page: pageNo, PerPage: perPage, Total: len(all)}
}

// apiUser is a user as the API shows it.
type apiUser struct {
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Lang     string `json:"lang"`
	Disabled bool   `json:"disabled"`
}

func toAPIUser(u auth.User) apiUser {
	return apiUser{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Lang: u.Lang, Disabled: u.Disabled}
}

type apiOrg struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func (s *Server) apiMe(c *gin.Context) {
	u := currentUser(c)
	orgs, err := s.accounts.OrgsOf(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := struct {
		apiUser
		Organisations []apiOrg `json:"organisations"`
	}{apiUser: toAPIUser(*u), Organisations: []apiOrg{}}
	for _, o := range orgs {
		out.Organisations = append(out.Organisations, apiOrg{ID: o.ID, Name: o.Name, Kind: o.Kind})
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) apiUsers(c *gin.Context) {
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return
	}
	list, err := s.accounts.ListUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	all := make([]apiUser, 0, len(list))
	for _, u := range list {
		all = append(all, toAPIUser(u))
	}
	c.JSON(http.StatusOK, slicePage(all, pageNo, perPage))
}

type apiNewUser struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Lang     string `json:"lang"`
	Password string `json:"password"`
	OrgID    *int64 `json:"organisation_id"`
}

func (s *Server) apiCreateUser(c *gin.Context) {
	var in apiNewUser
	if !s.decodeJSON(c, &in) {
		return
	}
	ctx := c.Request.Context()
	if in.OrgID != nil {
		if _, err := s.accounts.OrgByID(ctx, *in.OrgID); err != nil {
			s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", map[string]string{"organisation_id": "users.error.org"})
			return
		}
	}
	u, err := s.accounts.CreateUser(ctx, auth.NewUser{Email: in.Email, Name: in.Name, Role: auth.Role(in.Role), Lang: in.Lang, Password: in.Password})
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			s.fail(c, err)
			return
		}
		s.problem(c, statusOf(e.Code), e.Key, e.Fields)
		return
	}
	if in.OrgID != nil {
		if err := s.accounts.AddMember(ctx, u.ID, *in.OrgID); err != nil {
			s.fail(c, err)
			return
		}
	}
	c.JSON(http.StatusCreated, toAPIUser(u))
}
