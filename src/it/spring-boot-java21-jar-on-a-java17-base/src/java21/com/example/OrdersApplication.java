package com.example;

/** The service's main class, as a Spring Boot application's: written for Java 21 (a record pattern in a switch). */
public class OrdersApplication {

    record Order(String id, int quantity) {}

    public static void main(String[] args) {
        Object order = new Order("o-1", 2);
        System.out.println(switch (order) {
            case Order(String id, int quantity) when quantity > 1 -> id + " x" + quantity;
            default -> "other";
        });
    }
}
