package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// receiptPDF is the receipt as a PDF in the user's language, downloaded as
// <reference>.pdf.
func (s *Server) receiptPDF(c *gin.Context) {
	ac, rc, ok := s.loadReceipt(c)
	if !ok {
		return
	}
	lang := s.lang(c)
	t := func(key string, args ...any) string { return s.cat.T(lang, key, args...) }
	a := ac.app
	doc := pdfdoc.New(t("apppages.receipt.title"), t("app.name")+" – "+rc.Reference, rc.SubmittedAt)
	doc.Fields([][2]string{
		{t("apppages.col.reference"), rc.Reference},
		{t("apppages.field.title"), a.Title},
		{t("apppages.col.organisation"), a.OrgName},
		{t("apppages.col.call"), ac.call.Reference + " – " + ac.call.Title(string(lang))},
		{t("apppages.col.lot"), a.LotName},
		{t("apppages.receipt.submitted_at"), submittedText(s.cat, lang, ac, rc)},
	})
	m := func(v int64) string { return i18n.Money(lang, v, a.Currency) }
	doc.Heading(t("apppages.budget.totals"))
	doc.Fields([][2]string{
		{t("apppages.budget.total"), m(a.TotalMinor)},
		{t("apppages.budget.requested"), m(a.RequestedMinor)},
		{t("apppages.budget.cofinancing"), m(a.CofinancingMinor)},
	})
	doc.Heading(t("apppages.receipt.sha"))
	doc.Para(rc.SHA256)
	doc.Para(t("apppages.receipt.keep"))
	b, err := doc.Bytes()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+safeFileName(rc.Reference)+`.pdf"`)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "application/pdf", b)
}

// safeFileName keeps letters, digits, dash, dot and underscore of an
// ASCII name, so a reference can never break the header or name a path.
func safeFileName(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
	if out == "" {
		return "receipt"
	}
	return out
}
