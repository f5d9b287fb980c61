package com.example;

/** The service's main class, compiled with maven.compiler.release 17. */
public class OrdersApplication {
    public static void main(String[] args) {
        System.out.println("orders service started");
    }
}
