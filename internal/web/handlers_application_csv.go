package web

import (
	"bytes"
	"encoding/csv"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/celltext"
	"github.com/subgrant/portal/internal/i18n"
)

// maxCSVPages bounds an export (200 rows a page).
const maxCSVPages = 500

// callApplicationsCSV exports the rows of the officer's filtered list as
// CSV: UTF-8 with a byte-order mark (so Excel reads ë and ç), money as
// plain decimals with a dot (hundredths in English) and the currency in its own column, and text
// that a spreadsheet would run as a formula neutralised (celltext.Safe,
// the rule of every export).
func (s *Server) callApplicationsCSV(c *gin.Context) {
	cl, f, ok := s.officerCall(c)
	if !ok {
		return
	}
	st, sc, _, ok := s.appRequest(c, false)
	if !ok {
		return
	}
	lang := s.lang(c)
	t := func(k string) string { return s.cat.T(lang, k) }
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{t("apppages.col.reference"), t("apppages.col.title"), t("apppages.col.organisation"),
		t("apppages.col.lot"), t("apppages.col.status"), t("apppages.col.submitted"), t("apppages.budget.total"),
		t("apppages.budget.requested"), t("apppages.budget.cofinancing"), t("apppages.col.currency")})
	f.PerPage = application.MaxPerPage
	for f.Page = 1; f.Page <= maxCSVPages; f.Page++ {
		pg, err := st.List(c.Request.Context(), f, sc)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, a := range pg.Items {
			_ = w.Write(csvRow(lang, s, a))
		}
		if f.Page*f.PerPage >= pg.Total {
			break
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+safeFileName(cl.Reference)+`-applications.csv"`)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func csvRow(lang i18n.Lang, s *Server, a application.Application) []string {
	submitted := ""
	if a.SubmittedAt != nil {
		submitted = a.SubmittedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	text := celltext.Safe
	return []string{text(a.Reference), text(a.Title), text(a.OrgName), text(a.LotName),
		text(s.cat.T(lang, "applications.status."+string(a.Status))), submitted,
		hundredths(i18n.EN, a.TotalMinor), hundredths(i18n.EN, a.RequestedMinor), hundredths(i18n.EN, a.CofinancingMinor), a.Currency}
}
