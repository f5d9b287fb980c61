// Jib's own layout was read: the main class from /app/jib-main-class-file, its class file under /app/classes (written
// by javac for release 17), and the runtime's version from the JDK's release file.
def log = new File(basedir, 'build.log').text
assert log.contains('EP008 ERROR')
assert log.contains('The main class com.example.OrdersApplication (/app/classes/com/example/OrdersApplication.class')
assert log.contains('compiled for Java 17 (class file version 61)')
assert log.contains('the image\'s java is Java 11 (/opt/java/openjdk/release)')
assert log.contains('eclipse-temurin:17-jre')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.findings*.rule == ['EP008']
return true
