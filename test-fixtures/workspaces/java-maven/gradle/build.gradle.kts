plugins {
    java
    id("org.springframework.boot") version "2.7.5"
    id("io.spring.dependency-management") version "1.0.15.RELEASE"
}

group = "com.acme.shop"
version = "1.4.0-SNAPSHOT"

java {
    sourceCompatibility = JavaVersion.VERSION_17
}

repositories {
    mavenCentral()
}

dependencyLocking {
    lockAllConfigurations()
}

dependencies {
    implementation(platform("org.springframework.boot:spring-boot-dependencies:2.7.5"))
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("com.fasterxml.jackson.core:jackson-databind:2.13.4.2")
    implementation(group = "org.apache.commons", name = "commons-text", version = "1.9")
    runtimeOnly("org.postgresql:postgresql:42.3.3")
    compileOnly("org.projectlombok:lombok:1.18.24")
    annotationProcessor("org.projectlombok:lombok:1.18.24")
    // The tests parse YAML fixtures; the starter also ships snakeyaml at runtime.
    testImplementation("org.yaml:snakeyaml:1.30")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("com.h2database:h2:2.1.210")

    constraints {
        implementation("ch.qos.logback:logback-classic:1.2.12") {
            because("CVE-2023-6378")
        }
    }
}

tasks.test {
    useJUnitPlatform()
}
