// The Spring Boot jar was read as the JVM starts it: java -jar, the launcher in Main-Class, the application's
// Start-Class under BOOT-INF/classes; the runtime's version from the JDK's release file.
def log = new File(basedir, 'build.log').text
assert log.contains('EP008 ERROR')
assert log.contains('The main class com.example.OrdersApplication (BOOT-INF/classes/com/example/OrdersApplication.class in /app/my-service-1.0.jar')
assert log.contains('compiled for Java 21 (class file version 65)')
assert log.contains('the image\'s java is Java 17 (/opt/java/openjdk/release)')
assert log.contains('eclipse-temurin:21-jre')
assert !log.contains('s3cr3t-never-printed')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.findings*.rule == ['EP008']
return true
