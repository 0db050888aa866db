namespace GanMl; internal static class Placeholder {}
