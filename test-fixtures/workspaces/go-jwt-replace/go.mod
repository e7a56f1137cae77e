module github.com/acme/token-gateway

go 1.21

require (
	github.com/dgrijalva/jwt-go v3.2.0+incompatible
	github.com/gorilla/mux v1.8.0
)

// CVE-2020-26160: jwt-go is unmaintained; golang-jwt/jwt is its fork with the audience check fixed.
replace github.com/dgrijalva/jwt-go => github.com/golang-jwt/jwt v3.2.1+incompatible
