package main

import (
	"net/http"

	jwt "github.com/dgrijalva/jwt-go"
	"github.com/gin-gonic/gin"
)

var secret = []byte("change-me")

func main() {
	router := gin.Default()
	router.GET("/me", func(c *gin.Context) {
		token, err := jwt.Parse(c.GetHeader("Authorization"), func(*jwt.Token) (interface{}, error) { return secret, nil })
		if err != nil || !token.Valid {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.JSON(http.StatusOK, token.Claims)
	})
	_ = router.Run(":8080")
}
