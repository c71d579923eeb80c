package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/upload"
)

func grantPath(id int64) string { return "/grants/" + strconv.FormatInt(id, 10) }

// amendmentSummary says in a line what an amendment changes.
func amendmentSummary(p *Page, g grant.Agreement, m grant.Amendment) string {
	var before, after grant.Change
	_ = json.Unmarshal([]byte(m.Before), &before)
	_ = json.Unmarshal([]byte(m.After), &after)
	switch m.Kind {
	case grant.PeriodChange:
		return p.T("grants.amend.summary.period", "from", before.EndsOn, "to", after.EndsOn)
	case grant.BankAccount:
		old := grant.FormatIBAN(before.IBAN)
		if old == "" {
			old = "—"
		}
		return p.T("grants.amend.summary.bank", "from", old, "to", grant.FormatIBAN(after.IBAN))
	}
	return p.T("grants.amend.summary.reallocation", "from", before.FromLine, "to", before.ToLine,
		"amount", p.Money(before.AmountMinor-after.AmountMinor, g.Currency))
}

// createGrant is POST /applications/:id/grant: the agreement of an
// application's approved award (409 when it exists already).
func (s *Server) createGrant(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	g, err := s.grantStore().Create(c.Request.Context(), id, currentUser(c).ID)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "grants.created")
	c.Redirect(http.StatusSeeOther, grantPath(g.ID))
}

// createCallGrants is POST /calls/:id/grants: an agreement for every
// approved award of the call that has none yet.
func (s *Server) createCallGrants(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if _, err := s.callStore().ByID(c.Request.Context(), id); err != nil {
		s.respondError(c, err)
		return
	}
	created, _, err := s.grantStore().CreateForCall(c.Request.Context(), id, currentUser(c).ID)
	if err != nil {
		s.respondError(c, err)
		return
	}
	key := "grants.created_for_call"
	if created == 0 {
		key = "grants.created_none"
	}
	s.setFlash(c, key)
	c.Redirect(http.StatusSeeOther, "/grants?call="+strconv.FormatInt(id, 10))
}

// refuse shows the grant page again with the posted values and the error
// beside its field (422), or answers the error's own status.
func (s *Server) refuseGrant(c *gin.Context, g grant.Agreement, form string, values map[string]string, err error) {
	if apperr.CodeOf(err) != apperr.Invalid {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "grants.detail_title")
	f := newForm(p, grantFormFields...)
	for k, v := range values {
		f.Values[k] = v
	}
	f.setError(err)
	again, gerr := s.grantStore().Get(c.Request.Context(), g.ID, requestScope(c))
	if gerr != nil {
		s.fail(c, gerr)
		return
	}
	s.renderGrant(c, http.StatusUnprocessableEntity, p, again, requestScope(c), form)
}

func postedValues(c *gin.Context) map[string]string {
	out := map[string]string{}
	for k, v := range c.Request.PostForm {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

// grantAmount reads an amount typed in lang onto field.
func grantAmount(fe apperr.FieldErrors, field, lang, s string) int64 {
	v, err := money.Parse(lang, s)
	if err != nil {
		fe.Add(field, "grants.error.amount")
		return 0
	}
	return v
}

// saveGrantDraft is POST /grants/:id/draft: the special conditions and
// the corrected budget lines of a draft.
func (s *Server) saveGrantDraft(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok || !s.parseForm(c) {
		return
	}
	vals := postedValues(c)
	lang := string(s.lang(c))
	fe := apperr.FieldErrors{}
	n, _ := strconv.Atoi(c.PostForm("line_rows"))
	if n < 0 || n > 200 {
		n = 0
	}
	var ls []grant.Line
	for i := range n {
		k := strconv.Itoa(i)
		l := grant.Line{Heading: strings.TrimSpace(c.PostForm("line_heading_" + k)), Description: strings.TrimSpace(c.PostForm("line_description_" + k))}
		l.TotalMinor = grantAmount(fe, fmt.Sprintf("budget[%d].total", i), lang, c.PostForm("line_total_"+k))
		l.DonorMinor = grantAmount(fe, fmt.Sprintf("budget[%d].donor", i), lang, c.PostForm("line_donor_"+k))
		ls = append(ls, l)
	}
	var err error
	if len(fe) > 0 {
		err = fe.Err()
	} else {
		_, err = s.grantStore().UpdateDraft(c.Request.Context(), g.ID, sc, grant.DraftEdit{SpecialConditions: c.PostForm("special_conditions"), Lines: ls})
	}
	if err != nil {
		s.refuseGrant(c, g, "draft", vals, lineErrors(err))
		return
	}
	s.setFlash(c, "grants.saved")
	c.Redirect(http.StatusSeeOther, grantPath(g.ID))
}

// lineErrors renames budget[i].field errors to the form's line_field_i.
func lineErrors(err error) error {
	e := apperr.As(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	fe := apperr.FieldErrors{}
	for k, v := range e.Fields {
		var i int
		var f string
		if n, _ := fmt.Sscanf(k, "budget[%d].%s", &i, &f); n == 2 {
			fe.Add(fmt.Sprintf("line_%s_%d", f, i), v)
			continue
		}
		fe.Add(k, v)
	}
	return fe.Err()
}

// saveGrantSigning is POST /grants/:id/signing (multipart): the signed
// scan (PDF only, checked by its content) and the two signature dates.
func (s *Server) saveGrantSigning(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok {
		return
	}
	form, err := s.readUploadForm(c, "grantee_signed_on", "org_signed_on")
	file := form.File
	drop := func() {
		if file != nil {
			_ = s.uploads().Remove(file.StoredName)
		}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		drop()
		s.tooLarge(c)
		return
	}
	if err != nil {
		drop()
		s.fail(c, err)
		return
	}
	vals := map[string]string{"grantee_signed_on": form.Values["grantee_signed_on"], "org_signed_on": form.Values["org_signed_on"]}
	fe := apperr.FieldErrors{}
	status, refused := fileRefusal(fe, form.FileErr)
	if refused {
		fe["scan"] = fe["file"]
		delete(fe, "file")
	}
	if file != nil && (file.ContentType != "application/pdf" || !strings.EqualFold(path.Ext(file.DisplayName), ".pdf")) {
		fe.Add("scan", "grants.error.scan_type")
		status = http.StatusUnsupportedMediaType
	}
	in := grant.Signing{GranteeSignedOn: vals["grantee_signed_on"], OrgSignedOn: vals["org_signed_on"]}
	if file != nil && len(fe) == 0 {
		in.ScanStoredName, in.ScanDisplayName = file.StoredName, file.DisplayName
	}
	if len(fe) > 0 {
		drop()
		if status == http.StatusUnprocessableEntity {
			s.refuseGrant(c, g, "signing", vals, fe.Err())
			return
		}
		p := s.newPage(c, "grants.detail_title")
		f := newForm(p, grantFormFields...)
		for k, v := range vals {
			f.Values[k] = v
		}
		f.setError(fe.Err())
		s.renderGrant(c, status, p, g, sc, "signing")
		return
	}
	old, err := s.grantStore().RecordSigning(c.Request.Context(), g.ID, sc, in)
	if err != nil {
		drop()
		s.refuseGrant(c, g, "signing", vals, err)
		return
	}
	if old != "" {
		_ = s.uploads().Remove(old)
	}
	s.setFlash(c, "grants.signing_saved")
	c.Redirect(http.StatusSeeOther, grantPath(g.ID))
}

// grantSignedScan is GET /grants/:id/signed.pdf.
func (s *Server) grantSignedScan(c *gin.Context) {
	g, _, ok := s.grantOf(c)
	if !ok {
		return
	}
	if g.ScanStoredName == "" {
		s.notFound(c)
		return
	}
	f, err := s.uploads().Open(g.ScanStoredName)
	if err != nil {
		s.notFound(c)
		return
	}
	defer f.Close()
	c.Header("Content-Disposition", upload.ContentDisposition(g.ScanDisplayName))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "private, no-store")
	fi, _ := f.Stat()
	c.DataFromReader(http.StatusOK, fi.Size(), "application/pdf", f, nil)
}

// grantTransition is POST /grants/:id/transition: sign, activate,
// suspend, resume, close or terminate.
func (s *Server) grantTransition(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok || !s.parseForm(c) {
		return
	}
	act := grant.Action(c.PostForm("action"))
	_, err := s.grantStore().Apply(c.Request.Context(), g.ID, sc, act, string(currentUser(c).Role), c.PostForm("reason"))
	if err != nil {
		s.refuseGrant(c, g, "transition", postedValues(c), err)
		return
	}
	s.setFlash(c, "grants.done."+string(act))
	c.Redirect(http.StatusSeeOther, grantPath(g.ID))
}

// amendmentChange reads the change of an amendment request in lang.
func amendmentChange(kind grant.AmendmentKind, lang string, get func(string) string) (grant.Change, error) {
	ch := grant.Change{EndsOn: get("ends_on"), IBAN: get("iban"), BankName: get("bank_name")}
	if kind == grant.Reallocation {
		fe := apperr.FieldErrors{}
		ch.FromLine, _ = strconv.Atoi(get("from_line"))
		ch.ToLine, _ = strconv.Atoi(get("to_line"))
		ch.AmountMinor = grantAmount(fe, "amount", lang, get("amount"))
		if err := fe.Err(); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

func (s *Server) requester(c *gin.Context, orgID int64) grant.Requester {
	u := currentUser(c)
	return grant.Requester{UserID: u.ID, Role: string(u.Role), Grantee: requestScope(c).ActsForGrantee(orgID)}
}

// requestGrantAmendment is POST /grants/:id/amendments.
func (s *Server) requestGrantAmendment(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok || !s.parseForm(c) {
		return
	}
	kind := grant.AmendmentKind(c.PostForm("kind"))
	ch, err := amendmentChange(kind, string(s.lang(c)), c.PostForm)
	var m grant.Amendment
	if err == nil {
		m, err = s.grantStore().RequestAmendment(c.Request.Context(), g.ID, sc, kind, ch, c.PostForm("amend_reason"), s.requester(c, g.OrgID))
	}
	if e := apperr.As(err); e != nil && e.Fields["reason"] != "" {
		err = apperr.Field("amend_reason", e.Fields["reason"])
	}
	if err != nil {
		s.refuseGrant(c, g, "amend", postedValues(c), err)
		return
	}
	s.setFlash(c, "grants.amend.done."+string(m.Status))
	c.Redirect(http.StatusSeeOther, grantPath(g.ID))
}

// decideGrantAmendment is POST /grant-amendments/:id/decide (decision
// approve or reject, a note required to reject).
func (s *Server) decideGrantAmendment(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok || !s.parseForm(c) {
		if ok {
			return
		}
		s.notFound(c)
		return
	}
	sc := requestScope(c)
	m, err := s.grantStore().Amendment(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	approve := c.PostForm("decision") == "approve"
	if !approve && c.PostForm("decision") != "reject" {
		err = apperr.Field("note", "grants.error.decision")
	} else {
		_, err = s.grantStore().DecideAmendment(c.Request.Context(), id, sc, approve, c.PostForm("note"), s.requester(c, 0))
	}
	if err != nil {
		g, gerr := s.grantStore().Get(c.Request.Context(), m.GrantID, sc)
		if gerr != nil {
			s.respondError(c, gerr)
			return
		}
		s.refuseGrant(c, g, "decide", postedValues(c), err)
		return
	}
	s.setFlash(c, map[bool]string{true: "grants.amend.done.approved", false: "grants.amend.done.rejected"}[approve])
	c.Redirect(http.StatusSeeOther, grantPath(m.GrantID))
}

// grantAgreementPDF is GET /grants/:id/agreement.pdf, in the grantee's language.
func (s *Server) grantAgreementPDF(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	ls, err := s.grantStore().Lines(ctx, g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	ts, err := s.grantStore().Tranches(ctx, g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	issuer, err := s.grantStore().Issuer(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	sources, err := s.grantStore().Sources(ctx, g.ProgrammeID)
	if err != nil {
		s.fail(c, err)
		return
	}
	head, err := s.issuer(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if head.Letterhead != nil {
		issuer = head.Letterhead.Name // the profile's legal name, as the letterhead prints it
	}
	b, err := grant.PDF(s.cat, grant.Document{Grant: g, Lines: ls, Tranches: ts, Sources: sources, Profile: s.profiles[g.DonorProfile],
		Issuer: issuer, Head: head, Date: s.now()})
	if err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, "agreement-"+strings.ReplaceAll(g.ContractNumber, "/", "-")+".pdf", "application/pdf", b)
}
