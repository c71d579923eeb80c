package web

import (
	"strconv"

	"github.com/gin-gonic/gin"
)

// maxRows bounds the rows of a repeated group (sources, lots, ...).
const maxRows = 50

// rowCount is how many rows a repeated group shows: what was posted, at
// least min, one more when its "add a row" button was pressed.
func rowCount(c *gin.Context, group string, posted, least int, add string) int {
	n, err := strconv.Atoi(postValue(c, group+"_rows"))
	if err != nil || n < 0 {
		n = 0
	}
	n = max(n, posted, least)
	if add == group {
		n++
	}
	return min(n, maxRows)
}

// choice is a select whose options are data, not catalogue keys; blank,
// when given, is the label of an empty first option.
func choice(f *Form, name, labelKey, blank string) FieldView {
	v := f.Field(name, "select", labelKey)
	if blank != "" {
		v.Options = append(v.Options, OptionView{Value: "", Label: blank, Selected: f.Values[name] == ""})
	}
	return v
}

func option(f *Form, name, value, label string) OptionView {
	return OptionView{Value: value, Label: label, Selected: f.Values[name] == value}
}
