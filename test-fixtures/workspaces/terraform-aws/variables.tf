variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "allowed_cidr" {
  description = "The only network allowed to reach administration ports (the office VPN)."
  type        = string
  default     = "10.20.0.0/16"
}

variable "db_password" {
  type      = string
  sensitive = true
}
