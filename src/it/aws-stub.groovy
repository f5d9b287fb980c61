// Shared by the live stories' prebuild.groovy (evaluated with their binding, so basedir is the story's own).
// ECS and IAM for this build: a loopback server answering their wire formats (ECS's AWS JSON 1.1 by X-Amz-Target,
// IAM's query protocol by Action) with the answers under aws/, counting every request in aws-requests.log.
// It runs in the invoker's JVM for as long as the build; the build's own Maven learns its address from
// .mvn/maven.config, as -Daws.endpointUrlEcs and -Daws.endpointUrlIam (the system properties of the SDK's
// AWS_ENDPOINT_URL_ECS and AWS_ENDPOINT_URL_IAM): the port is only known now, too late for invoker.properties.
import com.sun.net.httpserver.HttpServer
import java.util.concurrent.Executors

def answers = [
    'DescribeTaskDefinition': ['application/x-amz-json-1.1', new File(basedir, 'aws/describe-task-definition.json').text],
    'SimulatePrincipalPolicy': ['text/xml', new File(basedir, 'aws/simulate-principal-policy.xml').text],
]
def requests = new File(basedir, 'aws-requests.log')
requests.text = ''

def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
server.executor = Executors.newCachedThreadPool({ r -> def t = new Thread(r, 'aws-stub'); t.daemon = true; t })
server.createContext('/', { exchange ->
    def body = exchange.requestBody.text
    def target = exchange.requestHeaders.getFirst('X-Amz-Target')
    def operation = target != null ? target.substring(target.indexOf('.') + 1)
            : (body =~ /(?:^|&)Action=([A-Za-z]+)/).with { it.find() ? it.group(1) : '?' }
    synchronized (requests) {
        requests << "${operation} ${exchange.requestHeaders.getFirst('Authorization')} ${body}\n"
    }
    def answer = answers[operation]
    def status = answer != null ? 200 : 400
    def bytes = (answer != null ? answer[1] : '{"__type":"InvalidAction","message":"no answer for ' + operation + '"}')
            .getBytes('UTF-8')
    exchange.responseHeaders.set('Content-Type', answer != null ? answer[0] : 'application/x-amz-json-1.1')
    exchange.sendResponseHeaders(status, bytes.length)
    exchange.responseBody.withStream { it.write(bytes) }
    exchange.close()
} as com.sun.net.httpserver.HttpHandler)
server.start()
System.properties.put('ecsPreflight.it.liveStub', server)

def endpoint = "http://127.0.0.1:${server.address.port}"
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Daws.endpointUrlEcs=${endpoint}\n-Daws.endpointUrlIam=${endpoint}\n"
return true
