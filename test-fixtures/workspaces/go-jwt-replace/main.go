package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	jwt "github.com/dgrijalva/jwt-go"
	"github.com/gorilla/mux"
)

func main() {
	secret := []byte(os.Getenv("TOKEN_SECRET"))
	router := mux.NewRouter()
	router.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		claims := jwt.MapClaims{}
		raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if _, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (interface{}, error) { return secret, nil }); err != nil {
			http.Error(w, "invalid token", http.StatusUnauthorized)
			return
		}
		if !claims.VerifyAudience("token-gateway", true) {
			http.Error(w, "wrong audience", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(claims["sub"].(string)))
	})
	log.Fatal(http.ListenAndServe(":8080", router))
}
