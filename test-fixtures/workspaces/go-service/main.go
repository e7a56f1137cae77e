// Command go-service is the sample HTTP API of the ASPM Go fixture.
package main

import (
	"net/http"
	"os"

	"github.com/acme/go-shared/auth"
	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v4"
	"github.com/sirupsen/logrus"
	"gopkg.in/yaml.v3"
)

type config struct {
	Listen string `yaml:"listen"`
}

func main() {
	raw, err := os.ReadFile("config.yaml")
	if err != nil {
		logrus.Fatal(err)
	}
	var cfg config
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		logrus.Fatal(err)
	}
	router := gin.Default()
	router.GET("/me", func(c *gin.Context) {
		token, err := jwt.Parse(c.GetHeader("Authorization"), auth.KeyFunc)
		if err != nil || !token.Valid {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.JSON(http.StatusOK, token.Claims)
	})
	logrus.Fatal(router.Run(cfg.Listen))
}
