package web

import (
	"strconv"

	"github.com/gin-gonic/gin"
)

// idParam reads the :id of the path; a malformed id is simply not found.
func idParam(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}

func appPath(id int64, rest string) string {
	return "/applications/" + strconv.FormatInt(id, 10) + rest
}
