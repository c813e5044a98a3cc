public static class Placeholder { }
