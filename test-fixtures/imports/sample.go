// Each `expect:` comment states the third-party imports found on the next line (or `none`), with the names they
// bind in brackets; each `expect-call:` comment states the calls through those bindings (or `none`).
package main

// expect: none
import "fmt"

import (
	// expect: none
	"net/http"
	// expect: gopkg.in/yaml.v3 import [yaml=*]
	"gopkg.in/yaml.v3"
	// expect: github.com/golang-jwt/jwt/v4 import [jwt=*]
	"github.com/golang-jwt/jwt/v4"
	// expect: github.com/sirupsen/logrus import [log=*]
	log "github.com/sirupsen/logrus"
	// expect: github.com/lib/pq import [_=*]
	_ "github.com/lib/pq"
	// expect: github.com/onsi/gomega import [.=*]
	. "github.com/onsi/gomega"
	// expect: github.com/mattn/go-sqlite3 import [sqlite3=*]
	`github.com/mattn/go-sqlite3`
	// expect: github.com/gin-gonic/gin import [gin=*]
	"github.com/gin-gonic/gin"
	// expect: github.com/acme/go-service/internal/auth import [auth=*]
	"github.com/acme/go-service/internal/auth"
)

// expect: golang.org/x/crypto/bcrypt import [bcrypt=*]
import "golang.org/x/crypto/bcrypt"

func main() {
	var cfg map[string]any
	// expect-call: yaml.Unmarshal
	if err := yaml.Unmarshal([]byte("a: 1"), &cfg); err != nil {
		// expect-call: log.Fatal
		log.Fatal(err)
	}
	// expect-call: gin.Default
	router := gin.Default()
	// expect-call: gin.Default().GET
	router.GET("/me", func(c *gin.Context) {
		// expect-call: jwt.Parse, gin.Context.GetHeader
		token, err := jwt.Parse(c.GetHeader("Authorization"), auth.KeyFunc)
		// expect-call: none
		if err != nil || !token.Valid {
			// expect-call: gin.Context.AbortWithStatus
			c.AbortWithStatus(http.StatusUnauthorized)
		}
	})
	// expect-call: bcrypt.GenerateFromPassword, jwt.New
	hash, _ := bcrypt.GenerateFromPassword([]byte(jwt.New(jwt.SigningMethodHS256).Raw), 10)
	// expect-call: sqlite3.ErrNo
	fmt.Println(hash, sqlite3.ErrNo(1))
	// expect-call: ?.NotTo×1
	Expect(hash).NotTo(BeNil())
	// expect-call: log.WithField, log.WithField().Info
	log.WithField("k", "v").Info("started")
}
