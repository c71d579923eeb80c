package web

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/celltext"
	"github.com/subgrant/portal/internal/i18n"
)

// bulkExport downloads the selected applications (already checked to be
// the call's, within the scope) as CSV or, with format=xlsx, a workbook:
// text neutralised against formulas (celltext.Safe), money as a number of
// the currency's major unit with the currency in its own column.
func (s *Server) bulkExport(c *gin.Context, lang i18n.Lang, cl call.Call, ids []int64) {
	t := func(k string) string { return s.cat.T(lang, k) }
	head := []string{t("apppages.col.reference"), t("apppages.col.title"), t("apppages.col.organisation"),
		t("apppages.col.status"), t("apppages.budget.requested"), t("apppages.col.currency")}
	var rows [][]string
	var amounts []int64
	for _, id := range ids {
		a, err := s.applicationStore().Get(c.Request.Context(), id, requestScope(c))
		if err != nil {
			s.respondError(c, err)
			return
		}
		rows = append(rows, []string{celltext.Safe(a.Reference), celltext.Safe(a.Title), celltext.Safe(a.OrgName),
			celltext.Safe(t("applications.status." + string(a.Status))), hundredths(i18n.EN, a.RequestedMinor), a.Currency})
		amounts = append(amounts, a.RequestedMinor)
	}
	name := "selected-applications-" + strconv.FormatInt(cl.ID, 10)
	if c.Request.PostForm.Get("format") == "xlsx" {
		b, err := bulkWorkbook(head, rows, amounts)
		if err != nil {
			s.fail(c, err)
			return
		}
		sendDocument(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	_ = w.Write(head)
	_ = w.WriteAll(rows)
	if err := w.Error(); err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, name+".csv", "text/csv; charset=utf-8", buf.Bytes())
}

// bulkWorkbook writes the rows to one sheet; the amount column (index 4)
// is numeric, in major units with two decimals.
func bulkWorkbook(head []string, rows [][]string, amounts []int64) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	money := "#,##0.00"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	if err != nil {
		return nil, err
	}
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = h
	}
	if err := f.SetSheetRow(sheet, "A1", &cells); err != nil {
		return nil, err
	}
	for r, row := range rows {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
		}
		cells[4] = float64(amounts[r]) / 100 // a spreadsheet number; the minor units stay exact to the cent
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return nil, err
		}
		money, _ := excelize.CoordinatesToCellName(5, r+2)
		if err := f.SetCellStyle(sheet, money, money, style); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
