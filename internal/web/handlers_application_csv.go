package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
)

// maxCSVPages bounds an export (200 rows a page).
const maxCSVPages = 500

// callApplicationsCSV exports the rows of the officer's filtered list as
// CSV: UTF-8 with a byte-order mark (so Excel reads ë and ç), money as
// plain decimals with a dot and the currency in its own column, and text
// that a spreadsheet would run as a formula neutralised.
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
	return []string{csvText(a.Reference), csvText(a.Title), csvText(a.OrgName), csvText(a.LotName),
		csvText(s.cat.T(lang, "applications.status."+string(a.Status))), submitted,
		csvDecimal(a.TotalMinor), csvDecimal(a.RequestedMinor), csvDecimal(a.CofinancingMinor), a.Currency}
}

// csvText neutralises a cell a spreadsheet would read as a formula (one
// starting with = + - @ TAB or CR) by putting a single quote in front.
func csvText(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// csvDecimal writes minor units as a plain number with a dot: 1234.50.
func csvDecimal(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return sign + strconv.FormatInt(minor/100, 10) + "." + strconv.FormatInt(100+minor%100, 10)[1:]
}
